package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EnqueueResult;
import org.okpay.notify.NotifyApi;
import org.okpay.notify.NotifyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mail over real SMTP to GreenMail. GreenMail listens on a port chosen once for this class, so
 * it can be stopped and started again at the same address. This class is the one instance with
 * SMTP configured; it gets a context of its own and, because the main test context's dispatcher
 * (in mailbox mode) would otherwise deliver these rows to its mailbox, a database of its own.
 */
@OkPayTest
@DirtiesContext
class SmtpDeliveryTest {

  private static final int SMTP_PORT = freePort();
  private static final int ATTEMPTS_MAX = 4;
  private static final Duration RETRY_BASE = Duration.ofMillis(500);

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(
      new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void smtpInstance(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("smtp"));
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("okpay.notify.poll-interval", () -> "100ms");
    registry.add("okpay.notify.retry-base", () -> RETRY_BASE.toMillis() + "ms");
    registry.add("okpay.notify.retry-max", () -> "10s");
    registry.add("okpay.notify.attempts-max", () -> ATTEMPTS_MAX);
  }

  @Autowired NotifyApi notify;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired JdbcClient jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  @BeforeEach
  void smtpServerUp() {
    if (!greenMail.isRunning()) {
      greenMail.start();
    }
  }

  @Test
  void theInstanceUsesSmtpAndHasNoMailbox() throws Exception {
    JavaMailSenderImpl sender = context.getBean(JavaMailSenderImpl.class);
    assertThat(sender.getHost()).isEqualTo("127.0.0.1");
    assertThat(sender.getPort()).isEqualTo(SMTP_PORT);
    assertThat(context.getBeanProvider(DevMailbox.class).getIfAvailable()).isNull();

    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/mailbox"))
            .header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(404);
  }

  @Test
  void aChineseEmailArrivesWithBothPartsAndItsLink() throws Exception {
    String to = NotifyFixture.uniqueAddress("smtp-zh");
    String link = NotifyFixture.resetLink();
    EnqueueResult enqueued = notify.email(
        NotifyFixture.passwordReset(to, Locale.SIMPLIFIED_CHINESE, link, null));

    MimeMessage message = awaitMessages(to, 1).getFirst();

    assertThat(message.getRecipients(Message.RecipientType.TO))
        .containsExactly(new InternetAddress(to));
    assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("no-reply@okpay.local");
    assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("OKPay");
    assertThat(message.getSubject()).isEqualTo("重置您的 OKPay 密码");
    assertThat(message.getHeader("Content-Language")).containsExactly("zh-CN");
    assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(message.getMessageID()).startsWith("<okpay.outbox." + enqueued.outboxId() + ".")
        .endsWith("@okpay.local>");
    Map<String, String> parts = textParts(message);
    assertThat(parts.get("text/plain")).contains(link).contains("Alice，您好：")
        .contains("此链接将在 30 分钟后失效").contains("203.0.113.7");
    assertThat(parts.get("text/html")).contains("href=\"" + link + "\"")
        .contains("lang=\"zh-CN\"").contains("设置新密码");
    assertThat(outboxRow(enqueued.outboxId()))
        .containsEntry("status", "sent").containsEntry("attempts", 1);
  }

  @Test
  void anEnglishEmailHasTheEnglishSubject() throws Exception {
    String to = NotifyFixture.uniqueAddress("smtp-en");
    String link = NotifyFixture.resetLink();
    notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, null));

    MimeMessage message = awaitMessages(to, 1).getFirst();

    assertThat(message.getSubject()).isEqualTo("Reset your OKPay password");
    assertThat(textParts(message).get("text/plain")).startsWith("Hello Alice,").contains(link)
        .contains("If you did not ask for this, ignore this e-mail.");
  }

  @Test
  void aFailingServerIsRetriedWithBackoffAndTheEmailArrivesOnceAfterRecovery() throws Exception {
    String to = NotifyFixture.uniqueAddress("smtp-retry");
    greenMail.stop();
    long id = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH,
        NotifyFixture.resetLink(), "retry:" + to)).outboxId();

    // Two failed attempts recorded: still pending, the second wait twice the first.
    Map<String, Object> failed = await().atMost(NotifyFixture.DELIVERY_WAIT)
        .until(() -> outboxRow(id), row -> (int) row.get("attempts") >= 2
            && row.get("claim_token") == null && row.get("last_error") != null);
    assertThat(failed).containsEntry("status", "pending");
    assertThat((String) failed.get("last_error")).contains("MailSendException");
    long expectedGapMs = Backoff.delay((int) failed.get("attempts"), RETRY_BASE,
        Duration.ofSeconds(10)).toMillis();
    assertThat(((Number) failed.get("gap_ms")).longValue())
        .isBetween(expectedGapMs, expectedGapMs + 1000);

    greenMail.start();

    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(outboxRow(id).get("status")));
    assertThat(outboxRow(id).get("attempts")).isEqualTo(3);
    assertThat(outboxRow(id).get("last_error")).isNull();
    // More rounds, and the same request again: still exactly one e-mail.
    assertThat(notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH,
        NotifyFixture.resetLink(), "retry:" + to)).outboxId()).isEqualTo(id);
    dispatcher.dispatchOnce();
    assertThat(messagesTo(to)).hasSize(1);
  }

  @Test
  void aBatchWithAnEmailTheServerRefusesDeliversTheOthersAndRetriesThatOneAlone() {
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      good.add(NotifyFixture.uniqueAddress("smtp-batch-" + i));
    }
    // A group with no members: the client sends it, the server refuses it at DATA ("503 RCPT
    // command(s) required") and the connection stays usable. NotifyApi would refuse such an
    // address; an older version, or a hand-written row, might have left one.
    String refused = "undisclosed-" + UUID.randomUUID().toString().substring(0, 8) + ":;";
    // One commit makes them due together: one round claims them as one batch.
    long bad = new TransactionTemplate(transactions).execute(status -> {
      good.subList(0, 2).forEach(to -> notify.email(NotifyFixture.passwordReset(to,
          Locale.ENGLISH, NotifyFixture.resetLink(), null)));
      long id = jdbc.sql("""
          insert into notify.outbox (channel, recipient, locale, template, variables, request_hash)
          values ('email', :to, 'en', 'password-reset', cast(:vars as jsonb), :hash) returning id
          """).param("to", refused).param("hash", new byte[32])
          .param("vars", "{\"expiresInMinutes\": 30, \"ip\": \"203.0.113.7\", \"link\":"
              + " \"https://okpay.example/reset?token=x\", \"name\": \"Alice\"}")
          .query(Long.class).single();
      good.subList(2, 5).forEach(to -> notify.email(NotifyFixture.passwordReset(to,
          Locale.ENGLISH, NotifyFixture.resetLink(), null)));
      return id;
    });

    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> pending(good) == 0
        && (int) outboxRow(bad).get("attempts") >= 2);
    for (String to : good) {
      assertThat(messagesTo(to)).as(to).hasSize(1);
    }
    assertThat(jdbc.sql("""
        select count(*) from notify.outbox
         where recipient in (:to) and status = 'sent' and attempts = 1 and last_error is null
        """).param("to", good).query(Long.class).single()).isEqualTo(good.size());
    Map<String, Object> retried = outboxRow(bad);
    assertThat(retried.get("status")).isNotEqualTo("sent");
    assertThat((String) retried.get("last_error")).contains("503");
  }

  @Test
  void attemptsAreBoundedAndAFailedRowIsNeverSent() {
    String to = NotifyFixture.uniqueAddress("smtp-gives-up");
    greenMail.stop();
    long id = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH,
        NotifyFixture.resetLink(), null)).outboxId();

    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "failed".equals(outboxRow(id).get("status")));
    assertThat(outboxRow(id)).containsEntry("attempts", ATTEMPTS_MAX);

    greenMail.start();
    dispatcher.dispatchOnce();
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
        .until(() -> messagesTo(to).isEmpty());
    assertThat(outboxRow(id)).containsEntry("status", "failed");
  }

  @Test
  void aDedupKeyMakesTheSecondEnqueueANoOp() {
    String to = NotifyFixture.uniqueAddress("smtp-dedup");
    String link = NotifyFixture.resetLink();
    String key = "reset:" + UUID.randomUUID();

    EnqueueResult first = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, key));
    EnqueueResult second = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, key));
    // An unkeyed e-mail enqueued after both: when it has arrived, the keyed one has long been sent.
    notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), null));

    assertThat(second).isEqualTo(new EnqueueResult(first.outboxId(),
        EnqueueResult.Outcome.ALREADY_ENQUEUED));
    List<MimeMessage> received = awaitMessages(to, 2);
    assertThat(received).hasSize(2);
    assertThat(received).filteredOn(m -> body(m).contains(link)).hasSize(1);
  }

  @Test
  void severalDispatchersAtOnceSendEveryEmailExactlyOnce() throws Exception {
    int emails = 30;
    int dispatchers = 6;
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < emails; i++) {
      addresses.add(NotifyFixture.uniqueAddress("smtp-race-" + i));
    }
    // One commit makes all rows due at the same moment, for the background dispatcher and these.
    new TransactionTemplate(transactions).executeWithoutResult(status -> addresses.forEach(to ->
        notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), null))));

    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(dispatchers);
    try {
      List<Future<Integer>> claimed = new ArrayList<>();
      for (int d = 0; d < dispatchers; d++) {
        claimed.add(pool.submit(() -> {
          start.await();
          int total = 0;
          long deadline = System.nanoTime() + NotifyFixture.DELIVERY_WAIT.toNanos();
          while (pending(addresses) > 0 && System.nanoTime() < deadline) {
            int n = dispatcher.dispatchOnce();
            total += n;
            if (n == 0) {
              Thread.sleep(5);
            }
          }
          return total;
        }));
      }
      start.countDown();
      for (Future<Integer> f : claimed) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(pending(addresses)).isZero();
    for (String to : addresses) {
      assertThat(awaitMessages(to, 1)).as(to).hasSize(1);
    }
    assertThat(jdbc.sql("""
        select count(*) from notify.outbox
         where recipient in (:to) and status = 'sent' and attempts = 1
        """).param("to", addresses).query(Long.class).single()).isEqualTo(emails);
  }

  private long pending(List<String> addresses) {
    return jdbc.sql("select count(*) from notify.outbox where recipient in (:to) and status = 'pending'")
        .param("to", addresses).query(Long.class).single();
  }

  private Map<String, Object> outboxRow(long id) {
    return jdbc.sql("""
        select status, attempts, last_error, claim_token,
               (extract(epoch from next_attempt_at - last_attempt_at) * 1000)::bigint as gap_ms
          from notify.outbox where id = :id
        """).param("id", id).query().singleRow();
  }

  /** Waits until at least {@code count} have arrived, then returns all of them. */
  private List<MimeMessage> awaitMessages(String to, int count) {
    return await().atMost(NotifyFixture.DELIVERY_WAIT)
        .until(() -> messagesTo(to), list -> list.size() >= count);
  }

  private static List<MimeMessage> messagesTo(String to) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients())
            .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(to));
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String body(MimeMessage message) {
    try {
      return String.join("\n", textParts(message).values());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text/plain and text/html parts, wherever they sit in the multipart tree. */
  private static Map<String, String> textParts(Part part) throws Exception {
    Map<String, String> parts = new HashMap<>();
    collect(part, parts);
    return parts;
  }

  private static void collect(Part part, Map<String, String> parts) throws Exception {
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        collect(multipart.getBodyPart(i), parts);
      }
    } else if (part.isMimeType("text/plain") || part.isMimeType("text/html")) {
      String type = part.isMimeType("text/plain") ? "text/plain" : "text/html";
      if (parts.put(type, (String) part.getContent()) != null) {
        throw new AssertionError("two " + type + " parts");
      }
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
