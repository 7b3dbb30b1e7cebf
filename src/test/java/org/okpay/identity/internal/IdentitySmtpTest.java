package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity e-mails over real SMTP (GreenMail): the verification and reset messages as they
 * arrive, with their links followed over HTTP, in the user's language.
 */
@OkPayTest
@DirtiesContext
class IdentitySmtpTest {

  private static final int SMTP_PORT = freePort();
  private static final Pattern LINK = Pattern.compile("https?://\\S+token=[A-Za-z0-9_-]+");

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("idsmtp"));
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("okpay.notify.poll-interval", () -> "100ms");
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void verificationEmailInChineseLinksToAWorkingConfirmation() throws Exception {
    String email = "s-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    post("/api/v1/auth/register", Map.of("email", email, "password", AccountRecoveryTest.PASSWORD,
        "displayName", "李雷", "language", "zh-CN", "country", "CN", "defaultCurrency", "CNY"));

    MimeMessage message = received(email);
    assertThat(message.getSubject()).containsPattern("\\p{IsHan}");
    String link = link(message);

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link))
        .header("Accept", "text/html").header("Accept-Language", "zh-CN").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"verified-ok\"");
  }

  @Test
  void resetEmailLinkSetsANewPasswordAndAChangeNoticeFollows() throws Exception {
    String email = "s-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    post("/api/v1/auth/register", Map.of("email", email, "password", AccountRecoveryTest.PASSWORD,
        "displayName", "Lucy", "language", "en", "country", "GB", "defaultCurrency", "GBP"));
    received(email); // the verification e-mail
    post("/api/v1/auth/password-reset", Map.of("email", email));

    MimeMessage reset = await().atMost(Duration.ofSeconds(15)).until(
        () -> messagesTo(email), m -> m.length >= 2)[1];
    assertThat(reset.getSubject()).containsIgnoringCase("password");
    String token = link(reset).replaceAll(".*token=", "");

    HttpResponse<String> confirm = post("/api/v1/auth/password-reset/confirm",
        Map.of("token", token, "newPassword", AccountRecoveryTest.NEW_PASSWORD));
    assertThat(confirm.statusCode()).isEqualTo(204);
    MimeMessage changed = await().atMost(Duration.ofSeconds(15)).until(
        () -> messagesTo(email), m -> m.length >= 3)[2];
    assertThat(changed.getSubject()).containsIgnoringCase("changed");
  }

  private MimeMessage received(String email) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> messagesTo(email),
        m -> m.length >= 1)[0];
  }

  private static MimeMessage[] messagesTo(String email) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(email);
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toArray(MimeMessage[]::new);
  }

  private static String link(MimeMessage message) {
    Matcher m = LINK.matcher(GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "="));
    assertThat(m.find()).as("the e-mail has a link with a token").isTrue();
    return m.group();
  }

  private HttpResponse<String> post(String path, Map<String, String> body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
