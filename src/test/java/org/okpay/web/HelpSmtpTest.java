package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.TestUsers;
import org.okpay.identity.AccountHelpApi;
import org.okpay.identity.IdentityApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The help center's e-mails over real SMTP (GreenMail): the anti-phishing phrase at the top of
 * every e-mail to its owner, escaped in HTML and absent for others; the help link in every
 * e-mail; the signed-out freeze link sent only to an address with an account, while the answer
 * is the same for both.
 */
@OkPayTest
@DirtiesContext
class HelpSmtpTest {

  private static final int SMTP_PORT = freePort();
  private static final Duration MAIL_WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("helpsmtp"));
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("okpay.notify.poll-interval", () -> "100ms");
  }

  @Autowired TestUsers users;
  @Autowired AccountHelpApi accountHelp;
  @Autowired IdentityApi identity;

  @Test
  void thePhraseIsAtTheTopOfEveryEmailToItsOwnerAndEscaped() throws Exception {
    TestUsers.TestUser owner = users.user().create();
    TestUsers.TestUser other = users.user().create();
    String phrase = accountHelp.setAntiPhishingPhrase(owner.current(), "Tom & \"Jerry\" 1");
    assertThat(phrase).isEqualTo("Tom & \"Jerry\" 1");

    identity.requestPasswordReset(owner.email(), "127.0.0.1");
    identity.requestPasswordReset(other.email(), "127.0.0.1");
    MimeMessage mine = awaitMail(owner.email(), "password", 1).get(0);
    MimeMessage theirs = awaitMail(other.email(), "password", 1).get(0);

    String text = part(mine, "text/plain");
    String html = part(mine, "text/html");
    assertThat(text.strip()).startsWith("Your anti-phishing phrase: Tom & \"Jerry\" 1");
    assertThat(html).contains("Tom &amp; &quot;Jerry&quot; 1").doesNotContain("Tom & \"Jerry\"");
    assertThat(html.indexOf("id=\"anti-phishing\"")).as("before the message")
        .isLessThan(html.indexOf("<h1"));
    assertThat(text).contains("/help");
    assertThat(part(theirs, "text/plain")).doesNotContain("anti-phishing").contains("/help");

    accountHelp.clearAntiPhishingPhrase(owner.current());
    identity.requestPasswordReset(owner.email(), "127.0.0.1");
    MimeMessage after = awaitMail(owner.email(), "password", 2).get(1);
    assertThat(part(after, "text/plain")).doesNotContain("Tom");
  }

  @Test
  void aFreezeLinkGoesOnlyToAnAddressWithAnAccount() throws Exception {
    TestUsers.TestUser user = users.user().create();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    accountHelp.requestFreezeLink(unknown, "127.0.0.1");
    accountHelp.requestFreezeLink(user.email(), "127.0.0.1");

    MimeMessage link = awaitMail(user.email(), "Freeze", 1).get(0);
    assertThat(GreenMailUtil.getBody(link)).contains("/help/hacked/confirm?token=");
    // One worker takes requests in order: the unknown address was handled before, and got none.
    assertThat(messagesTo(unknown)).isEmpty();
  }

  private static List<MimeMessage> awaitMail(String to, String subjectPart, int count) {
    return await().atMost(MAIL_WAIT).until(() -> Arrays.stream(messagesTo(to)).filter(m -> {
      try {
        return m.getSubject().toLowerCase().contains(subjectPart.toLowerCase());
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList(), l -> l.size() >= count);
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

  /** The decoded text of the first part of {@code type}, searched through nested multiparts. */
  private static String part(MimeMessage message, String type) throws Exception {
    List<String> found = new ArrayList<>();
    collect(message.getContent(), message.getContentType(), type, found);
    assertThat(found).as(type + " part").isNotEmpty();
    return found.get(0);
  }

  private static void collect(Object content, String contentType, String type, List<String> found)
      throws Exception {
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        collect(part.getContent(), part.getContentType(), type, found);
      }
    } else if (content instanceof String s && contentType.toLowerCase().startsWith(type)) {
      found.add(s);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
