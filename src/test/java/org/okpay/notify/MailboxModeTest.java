package org.okpay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSender;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.util.HtmlUtils;

/**
 * The test configuration has no SMTP server, as a newcomer's machine: e-mails land in the
 * development mailbox, which /dev/mailbox shows over HTTP in English and Chinese.
 */
@OkPayTest
class MailboxModeTest {

  private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

  @LocalServerPort int port;
  @Autowired NotifyApi notify;
  @Autowired DevMailbox mailbox;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void withoutSmtpThereIsNoJavaMailSenderAndTheMailboxIsOn() {
    // Spring Boot would build a JavaMailSender for the blank spring.mail.host; it must not.
    assertThat(context.getBeanProvider(JavaMailSender.class).getIfAvailable()).isNull();
    assertThat(context.getBeansOfType(MailSender.class)).hasSize(1);
    assertThat(context.getBeansOfType(DevMailbox.class)).hasSize(1);
  }

  @Test
  void anEmailLandsInTheMailboxAndShowsInEnglish() throws Exception {
    String to = NotifyFixture.uniqueAddress("mailbox-en");
    String link = NotifyFixture.resetLink();
    EnqueueResult enqueued = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, null));
    MailboxMessage message = awaitMessage(to);

    assertThat(message.outboxId()).isEqualTo(enqueued.outboxId());
    assertThat(message.subject()).isEqualTo("Reset your OKPay password");
    assertThat(message.from()).isEqualTo("OKPay <no-reply@okpay.local>");
    // The reset link, then only the help center's link that every e-mail's footer carries.
    assertThat(message.links()).first().isEqualTo(link);
    assertThat(message.links().subList(1, message.links().size()))
        .allMatch(l -> l.endsWith("/help"));
    assertThat(jdbc.sql("select status from notify.outbox where id = :id")
        .param("id", enqueued.outboxId()).query(String.class).single()).isEqualTo("sent");

    HttpResponse<String> list = get("/dev/mailbox?to=" + to, "en");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("<html lang=\"en\"")
        .contains("Development mailbox")
        .contains(HtmlUtils.htmlEscape("No SMTP server is configured (OKPAY_SMTP_HOST is empty)"))
        .contains(to)
        .contains("Reset your OKPay password")
        .contains("href=\"/dev/mailbox/" + message.id() + "\"");

    HttpResponse<String> detail = get("/dev/mailbox/" + message.id(), "en");
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains("Links in this e-mail")
        .contains("href=\"" + link + "\"")
        .contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
        .contains("src=\"/dev/mailbox/" + message.id() + "/html\"")
        .contains(HtmlUtils.htmlEscape(message.text().lines().findFirst().orElseThrow()));
  }

  @Test
  void aChineseEmailAndTheChinesePage() throws Exception {
    String to = NotifyFixture.uniqueAddress("mailbox-zh");
    notify.email(NotifyFixture.passwordReset(to, Locale.SIMPLIFIED_CHINESE,
        NotifyFixture.resetLink(), null));
    MailboxMessage message = awaitMessage(to);
    assertThat(message.subject()).isEqualTo("重置您的 OKPay 密码");
    assertThat(message.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);

    HttpResponse<String> list = get("/dev/mailbox?to=" + to, "zh-CN");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("<html lang=\"zh-CN\"")
        .contains("开发邮箱")
        .contains("当前未配置 SMTP 服务器")
        .contains("重置您的 OKPay 密码")
        .contains("<td>中文</td>");
    HttpResponse<String> detail = get("/dev/mailbox/" + message.id(), "zh-CN");
    assertThat(detail.body()).contains("邮件中的链接").contains("纯文本版本");
  }

  @Test
  void theHtmlBodyIsServedUnderASandboxPolicy() throws Exception {
    String to = NotifyFixture.uniqueAddress("mailbox-raw");
    String link = NotifyFixture.resetLink();
    notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, null));
    MailboxMessage message = awaitMessage(to);

    HttpResponse<String> raw = get("/dev/mailbox/" + message.id() + "/html", "en");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(raw.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("sandbox ").doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
    assertThat(raw.body()).isEqualTo(message.html()).contains("href=\"" + link + "\"");
  }

  @Test
  void theRowsFragmentAndUnknownMessages() throws Exception {
    String to = NotifyFixture.uniqueAddress("mailbox-rows");
    notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), null));
    awaitMessage(to);

    HttpResponse<String> rows = get("/dev/mailbox/rows?to=" + to, "en");
    assertThat(rows.statusCode()).isEqualTo(200);
    assertThat(rows.body()).contains("id=\"mailbox-rows\"").contains(to).doesNotContain("<html");
    HttpResponse<String> none = get("/dev/mailbox?to=" + NotifyFixture.uniqueAddress("nobody"), "en");
    assertThat(none.body()).contains("No e-mails yet.");

    assertThat(get("/dev/mailbox/" + Long.MAX_VALUE, "en").statusCode()).isEqualTo(404);
    assertThat(get("/dev/mailbox/" + Long.MAX_VALUE + "/html", "en").statusCode()).isEqualTo(404);
  }

  private MailboxMessage awaitMessage(String to) {
    return await().atMost(NotifyFixture.DELIVERY_WAIT)
        .until(() -> mailbox.latest(to, 1), list -> !list.isEmpty()).getFirst();
  }

  private HttpResponse<String> get(String path, String language) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", BROWSER_ACCEPT).header("Accept-Language", language)
        .timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
