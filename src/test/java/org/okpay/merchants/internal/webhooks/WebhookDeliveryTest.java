package org.okpay.merchants.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestClock;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.TestMerchants;
import org.okpay.merchants.WebhooksApi;
import org.okpay.merchants.WebhooksApi.Attempt;
import org.okpay.merchants.WebhooksApi.Delivery;
import org.okpay.merchants.WebhooksApi.Endpoint;
import org.okpay.merchants.WebhooksApi.EndpointChange;
import org.okpay.merchants.WebhooksApi.NewEndpoint;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook engine end to end against real PostgreSQL and a real HTTP receiver: events
 * published in a transaction become signed deliveries (checked by the independent Standard
 * Webhooks library), retried on schedule with a clock the test moves, 410 disables, twice
 * published is one delivery, two dispatchers racing send each row once.
 */
@OkPayTest
class WebhookDeliveryTest {

  @Autowired WebhooksApi webhooks;
  @Autowired DeliveryStore deliveries;
  @Autowired EndpointStore endpoints;
  @Autowired WebhookSender sender;
  @Autowired EndpointDisabledNotice notice;
  @Autowired PlatformTransactionManager transactions;
  @Autowired WebhooksProperties properties;
  @Autowired ApplicationEventPublisher events;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired WebhookFixture fixture;

  private final TestClock clock = new TestClock(Instant.now().plusSeconds(1));
  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    receivers.forEach(WebhookReceiver::close);
    fixture.forgetEndpoints();
  }

  private WebhookReceiver receiver() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver();
    receivers.add(receiver);
    return receiver;
  }

  /** A dispatcher on the test's clock, which starts just after what was published so far. */
  private WebhookDispatcher dispatcher(WebhooksProperties settings) {
    clock.set(Instant.now().plusSeconds(1));
    return new WebhookDispatcher(deliveries, endpoints, sender, notice, transactions, settings,
        clock, new SimpleMeterRegistry());
  }

  private Endpoint endpoint(MerchantCaller merchant, WebhookReceiver receiver, String... types) {
    return webhooks.create(merchant, new NewEndpoint(receiver.url(), "orders", List.of(types)));
  }

  @Test
  void aDeliveryIsSignedPerStandardWebhooksAndCarriesTheThinPayload() throws Exception {
    WebhookReceiver receiver = receiver().body("thanks");
    MerchantCaller merchant = fixture.merchant();
    Endpoint endpoint = endpoint(merchant, receiver, "payment.succeeded");
    UUID paymentId = UUID.randomUUID();
    MerchantEvent paid = fixture.publish(merchant, "payment.succeeded", "payment", paymentId,
        "succeeded");
    fixture.publish(merchant, "refund.created", "refund", UUID.randomUUID(), "pending");

    assertThat(dispatcher(properties).dispatchOnce()).isEqualTo(1);

    assertThat(receiver.hits()).hasSize(1);
    WebhookReceiver.Hit hit = receiver.hits().getFirst();
    new Webhook(endpoint.secret()).verify(hit.body(), hit.headers()); // throws if not valid
    assertThat(hit.header("webhook-id")).isEqualTo(paid.id().toString());
    assertThat(Long.parseLong(hit.header("webhook-timestamp")))
        .isEqualTo(clock.instant().getEpochSecond());
    assertThat(hit.header("content-type")).isEqualTo("application/json");
    JsonNode body = json.readTree(hit.body());
    assertThat(body.get("id").asString()).isEqualTo(paid.id().toString());
    assertThat(body.get("type").asString()).isEqualTo("payment.succeeded");
    assertThat(Instant.parse(body.get("created").asString())).isEqualTo(paid.occurredAt());
    assertThat(body.get("data").get("object").asString()).isEqualTo("payment");
    assertThat(body.get("data").get("id").asString()).isEqualTo(paymentId.toString());
    assertThat(body.get("data").get("status").asString()).isEqualTo("succeeded");
    assertThat(body.propertyNames()).containsExactly("id", "type", "created", "data");
    assertThatThrownBy(() -> new Webhook(WebhookSigner.newSecret()).verify(hit.body(),
        hit.headers())).as("another secret does not verify").isNotNull();

    List<Delivery> log = webhooks.deliveries(merchant, endpoint.id(), null, 10);
    assertThat(log).hasSize(1);
    Delivery delivery = webhooks.delivery(merchant, endpoint.id(), log.getFirst().id());
    assertThat(delivery.status()).isEqualTo("succeeded");
    assertThat(delivery.lastStatusCode()).isEqualTo(200);
    assertThat(delivery.attemptLog()).singleElement().satisfies(a -> {
      assertThat(a.statusCode()).isEqualTo(200);
      assertThat(a.response()).isEqualTo("thanks");
      assertThat(a.nextAttemptAt()).isNull();
      assertThat(a.attemptedAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));
    });
  }

  @Test
  void aFailingEndpointGetsItsRetriesOnScheduleUntilItAnswers2xx() throws Exception {
    WebhookReceiver receiver = receiver().answer(500, 503, 302).body("x".repeat(3000));
    MerchantCaller merchant = fixture.merchant();
    Endpoint endpoint = endpoint(merchant, receiver, "checkout.session.completed");
    MerchantEvent event = fixture.publish(merchant, "checkout.session.completed",
        "checkout.session", UUID.randomUUID(), "complete");
    WebhookDispatcher dispatcher = dispatcher(properties);

    assertThat(dispatcher.dispatchOnce()).isEqualTo(1); // at once: 500
    for (int attempt = 1; attempt <= 3; attempt++) {
      Duration wait = RetrySchedule.WAITS.get(attempt - 1);
      Delivery pending = only(merchant, endpoint);
      assertThat(pending.status()).isEqualTo("pending");
      Duration scheduled = Duration.between(clock.instant(), pending.nextAttemptAt());
      assertThat(scheduled).isBetween(wait.minusMillis(1),
          wait.plusMillis((long) (wait.toMillis() * RetrySchedule.JITTER_MAX) + 1));
      clock.advance(scheduled.minusMillis(10));
      assertThat(dispatcher.dispatchOnce()).as("not due before its time").isZero();
      clock.advance(Duration.ofMillis(10));
      assertThat(dispatcher.dispatchOnce()).as("due at its time").isEqualTo(1);
    }

    Delivery done = webhooks.delivery(merchant, endpoint.id(), only(merchant, endpoint).id());
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.attempts()).isEqualTo(4);
    assertThat(done.attemptLog()).extracting(Attempt::statusCode)
        .containsExactly(200, 302, 503, 500);
    assertThat(done.attemptLog().get(1).response()).as("the first 1 KB of the answer")
        .hasSize(WebhookSender.RESPONSE_BYTES_MAX);
    assertThat(done.attemptLog().getFirst().nextAttemptAt()).isNull();
    assertThat(done.attemptLog().get(1).nextAttemptAt()).isNotNull();
    List<WebhookReceiver.Hit> hits = receiver.hits();
    assertThat(hits).hasSize(4).allSatisfy(hit -> {
      assertThat(hit.header("webhook-id")).isEqualTo(event.id().toString());
      assertThat(hit.body()).isEqualTo(hits.getFirst().body());
      long timestamp = Long.parseLong(hit.header("webhook-timestamp"));
      assertThat(hit.header("webhook-signature")).isEqualTo(new Webhook(endpoint.secret())
          .sign(event.id().toString(), timestamp, hit.body()));
    });
    assertThat(hits).extracting(h -> h.header("webhook-timestamp")).doesNotHaveDuplicates();
    assertThat(dispatcher.dispatchOnce()).isZero();
  }

  @Test
  void threeDaysOfFailuresDisableTheEndpointAndTheOwnerIsEmailed() throws Exception {
    WebhookReceiver receiver = receiver().defaultStatus(500);
    TestMerchants.Created created = fixture.created();
    MerchantCaller merchant = WebhookFixture.caller(created);
    Endpoint endpoint = endpoint(merchant, receiver, "payment.failed");
    fixture.publish(merchant, "payment.failed", "payment", UUID.randomUUID(), "failed");
    WebhookDispatcher dispatcher = dispatcher(properties);
    Instant firstAttempt = clock.instant();

    int attempts = 0;
    while (true) {
      assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
      attempts++;
      Delivery delivery = only(merchant, endpoint);
      Endpoint now = webhooks.endpoint(merchant, endpoint.id());
      boolean threeDays = !firstAttempt.plus(properties.disableAfter()).isAfter(clock.instant());
      assertThat(now.enabled()).as("attempt %d, three days over: %s", attempts, threeDays)
          .isEqualTo(!threeDays);
      if (delivery.nextAttemptAt() == null) {
        assertThat(delivery.status()).isEqualTo("failed");
        break;
      }
      assertThat(attempts).isLessThan(RetrySchedule.ATTEMPTS_MAX);
      clock.set(delivery.nextAttemptAt());
    }

    assertThat(attempts).isEqualTo(RetrySchedule.ATTEMPTS_MAX);
    assertThat(receiver.hits()).hasSize(RetrySchedule.ATTEMPTS_MAX);
    assertThat(webhooks.endpoint(merchant, endpoint.id()).disabledReason()).isEqualTo("failing");
    String mail = jdbc.sql("select variables::text from notify.outbox"
        + " where recipient = :to and template = 'generic'")
        .param("to", created.owner().email()).query(String.class).single();
    assertThat(mail).contains("turned off").contains(receiver.url());
    assertThat(dispatcher.dispatchOnce()).isZero();
  }

  @Test
  void a410DisablesTheEndpointAndStopsItsDeliveries() throws Exception {
    WebhookReceiver receiver = receiver().answer(410);
    MerchantCaller merchant = fixture.merchant();
    Endpoint endpoint = endpoint(merchant, receiver, "refund.succeeded");
    fixture.publish(merchant, "refund.succeeded", "refund", UUID.randomUUID(), "succeeded");
    WebhookDispatcher dispatcher = dispatcher(properties);

    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);

    Endpoint after = webhooks.endpoint(merchant, endpoint.id());
    assertThat(after.enabled()).isFalse();
    assertThat(after.disabledReason()).isEqualTo("gone");
    Delivery delivery = only(merchant, endpoint);
    assertThat(delivery.status()).isEqualTo("failed");
    assertThat(delivery.nextAttemptAt()).isNull();
    fixture.publish(merchant, "refund.succeeded", "refund", UUID.randomUUID(), "succeeded");
    assertThat(webhooks.deliveries(merchant, endpoint.id(), null, 10))
        .as("a disabled endpoint gets no new deliveries").hasSize(1);
    clock.advance(Duration.ofDays(2));
    assertThat(dispatcher.dispatchOnce()).isZero();
    assertThat(receiver.hits()).hasSize(1);
    assertThatThrownBy(() -> webhooks.resend(merchant, endpoint.id(), delivery.id()))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WEBHOOK_ENDPOINT_DISABLED));

    // Turned on again by the merchant: a resend goes out once more.
    webhooks.update(merchant, endpoint.id(), new EndpointChange(null, null, null, true));
    webhooks.resend(merchant, endpoint.id(), delivery.id());
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    assertThat(only(merchant, endpoint).status()).isEqualTo("succeeded");
    assertThat(receiver.hits()).hasSize(2);
  }

  @Test
  void theSameEventPublishedTwiceIsOneDeliveryAndARolledBackOneIsNone() throws Exception {
    WebhookReceiver receiver = receiver();
    MerchantCaller merchant = fixture.merchant();
    Endpoint endpoint = endpoint(merchant, receiver, "payment.succeeded", "payment.failed");
    UUID paymentId = UUID.randomUUID();
    fixture.publish(merchant, "payment.succeeded", "payment", paymentId, "succeeded");
    fixture.publish(merchant, "payment.succeeded", "payment", paymentId, "succeeded");
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      events.publishEvent(fixture.event(merchant, "payment.failed", "payment",
          UUID.randomUUID(), "failed"));
      status.setRollbackOnly();
    });

    assertThat(webhooks.deliveries(merchant, endpoint.id(), null, 10)).singleElement()
        .satisfies(d -> assertThat(d.eventType()).isEqualTo("payment.succeeded"));
    assertThat(dispatcher(properties).dispatchOnce()).isEqualTo(1);
    assertThat(receiver.hits()).hasSize(1);
  }

  /**
   * The delivery log keeps a finished delivery for the retention (30 days), then deletes it with
   * its attempts; a pending one stays however old, and a recent one stays.
   */
  @Test
  void finishedDeliveriesAreDeletedWithTheirAttemptsAfterTheRetention() throws Exception {
    MerchantCaller merchant = fixture.merchant();
    endpoint(merchant, receiver(), "payment.succeeded");
    for (int i = 0; i < 4; i++) {
      fixture.publish(merchant, "payment.succeeded", "payment", UUID.randomUUID(), "succeeded");
    }
    List<UUID> ids = jdbc.sql("""
        select id from merchants.webhook_deliveries where merchant_id = :m order by id
        """).param("m", merchant.merchantId()).query(UUID.class).list();
    assertThat(ids).hasSize(4);
    Instant now = Instant.now();
    Instant old = now.minus(properties.retention()).minus(Duration.ofHours(1));
    finish(ids.get(0), "succeeded", old);
    finish(ids.get(1), "failed", old);
    finish(ids.get(2), "succeeded", now.minus(properties.retention()).plus(Duration.ofHours(1)));
    jdbc.sql("update merchants.webhook_deliveries set created_at = :t where id = :id")
        .param("t", java.sql.Timestamp.from(old)).param("id", ids.get(3)).update();
    jdbc.sql("""
        insert into merchants.webhook_attempts (delivery_id, attempt, attempted_at, status_code,
                                                duration_ms)
        values (:id, 1, :t, 200, 12)
        """).param("id", ids.get(0)).param("t", java.sql.Timestamp.from(old)).update();
    clock.set(now);

    int deleted = new WebhookRetention(deliveries, properties, clock).purge();

    assertThat(deleted).isGreaterThanOrEqualTo(2);
    assertThat(jdbc.sql("""
        select id from merchants.webhook_deliveries where merchant_id = :m order by id
        """).param("m", merchant.merchantId()).query(UUID.class).list())
        .containsExactly(ids.get(2), ids.get(3));
    assertThat(jdbc.sql("select count(*) from merchants.webhook_attempts where delivery_id = :id")
        .param("id", ids.get(0)).query(Long.class).single()).isZero();
  }

  private void finish(UUID id, String status, Instant at) {
    jdbc.sql("""
        update merchants.webhook_deliveries
           set status = :status, next_attempt_at = null, finished_at = :at, attempts = 1
         where id = :id
        """).param("status", status).param("at", java.sql.Timestamp.from(at)).param("id", id)
        .update();
  }

  @Test
  void twoDispatchersRacingSendEachDeliveryOnce() throws Exception {
    WebhookReceiver receiver = receiver();
    MerchantCaller merchant = fixture.merchant();
    Endpoint first = endpoint(merchant, receiver, "payment.succeeded");
    Endpoint second = endpoint(merchant, receiver, "payment.succeeded");
    int eventsCount = 30;
    for (int i = 0; i < eventsCount; i++) {
      fixture.publish(merchant, "payment.succeeded", "payment", UUID.randomUUID(), "succeeded");
    }
    WebhooksProperties small = new WebhooksProperties(true, 0, 4, 3, properties.pollInterval(),
        properties.timeout(), properties.lease(), properties.endpointsMax(),
        properties.rotationOverlap(), properties.disableAfter(), properties.retention());
    List<WebhookDispatcher> racers = List.of(dispatcher(small), dispatcher(small));
    List<Callable<Integer>> rounds = racers.stream().<Callable<Integer>>map(d -> () -> {
      int total = 0;
      for (int round = 0; round < 100; round++) {
        int claimed = d.dispatchOnce();
        if (claimed == 0) {
          return total;
        }
        total += claimed;
      }
      return total;
    }).toList();
    int sent = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (Future<Integer> done : pool.invokeAll(rounds)) {
        sent += done.get();
      }
    }

    assertThat(sent).isEqualTo(2 * eventsCount);
    Set<String> seen = new HashSet<>();
    for (WebhookReceiver.Hit hit : receiver.hits()) {
      assertThat(seen.add(hit.header("webhook-id") + " " + hit.header("webhook-signature")
          .substring(0, 10) + " " + endpointOf(hit, first, second)))
          .as("each delivery once").isTrue();
    }
    assertThat(receiver.hits()).hasSize(2 * eventsCount);
    for (Endpoint endpoint : List.of(first, second)) {
      assertThat(webhooks.deliveries(merchant, endpoint.id(), null, 100)).hasSize(eventsCount)
          .allSatisfy(d -> {
            assertThat(d.status()).isEqualTo("succeeded");
            assertThat(d.attempts()).isEqualTo(1);
          });
    }
  }

  @Test
  void afterARotationBothSecretsSignFor24HoursThenOnlyTheNewOne() throws Exception {
    WebhookReceiver receiver = receiver();
    MerchantCaller merchant = fixture.merchant();
    Endpoint endpoint = endpoint(merchant, receiver, "refund.created");
    String oldSecret = endpoint.secret();
    Endpoint rotated = webhooks.rotateSecret(merchant, endpoint.id());
    assertThat(rotated.secret()).startsWith("whsec_").isNotEqualTo(oldSecret);
    assertThat(rotated.previousSecretExpiresAt()).isNotNull();
    fixture.publish(merchant, "refund.created", "refund", UUID.randomUUID(), "pending");
    WebhookDispatcher dispatcher = dispatcher(properties);
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);

    WebhookReceiver.Hit during = receiver.hits().getFirst();
    assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
    new Webhook(oldSecret).verify(during.body(), during.headers());
    new Webhook(rotated.secret()).verify(during.body(), during.headers());

    clock.set(rotated.previousSecretExpiresAt().plusSeconds(1));
    fixture.publish(merchant, "refund.created", "refund", UUID.randomUUID(), "pending");
    assertThat(dispatcher.dispatchOnce()).isEqualTo(1);
    WebhookReceiver.Hit after = receiver.hits().get(1);
    long timestamp = Long.parseLong(after.header("webhook-timestamp"));
    String id = after.header("webhook-id");
    assertThat(after.header("webhook-signature"))
        .isEqualTo(new Webhook(rotated.secret()).sign(id, timestamp, after.body()))
        .isNotEqualTo(new Webhook(oldSecret).sign(id, timestamp, after.body()));
  }

  @Test
  void privateTargetsAreRefusedUnlessAllowed() throws Exception {
    TargetGuard strict = new TargetGuard(false);
    for (String url : List.of("https://127.0.0.1/hooks", "https://localhost/hooks",
        "https://10.1.2.3/", "https://172.16.0.9/", "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/", "https://224.0.0.1/",
        "https://100.64.0.1/", "https://[::1]/", "https://[fe80::1]/", "https://[fd00::1]/",
        "https://[::ffff:127.0.0.1]/", "https://[::]/")) {
      assertThatThrownBy(() -> strict.check(url)).as(url)
          .isInstanceOfSatisfying(OkPayException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WEBHOOK_URL_PRIVATE));
    }
    assertThatThrownBy(() -> strict.check("http://93.184.215.14/hooks"))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WEBHOOK_URL_NOT_HTTPS));
    assertThat(strict.check("https://93.184.215.14/hooks").getHost()).isEqualTo("93.184.215.14");
    for (String url : List.of("ftp://example.com/", "https://user:pw@example.com/", "hooks",
        "https://example.com/#x")) {
      assertThatThrownBy(() -> strict.check(url)).as(url)
          .isInstanceOfSatisfying(OkPayException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    // Also at delivery time (DNS may point elsewhere by then): no request leaves.
    WebhookReceiver receiver = receiver();
    WebhookSender strictSender = new WebhookSender(strict, properties.timeout());
    DeliveryStore.Outcome outcome = strictSender.send(
        receiver.url().replace("http://", "https://"), UUID.randomUUID(), "{}",
        List.of(WebhookSigner.newSecret()), clock.instant());
    assertThat(outcome.statusCode()).isNull();
    assertThat(outcome.error()).isEqualTo("refused: webhook_url_private");
    assertThat(receiver.hits()).isEmpty();
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsAFailureWithItsReason() throws Exception {
    WebhookReceiver receiver = receiver().slow(3_000);
    WebhookSender impatient = new WebhookSender(new TargetGuard(true), Duration.ofMillis(300));
    long startNanos = System.nanoTime();
    DeliveryStore.Outcome outcome = impatient.send(receiver.url(), UUID.randomUUID(), "{}",
        List.of(WebhookSigner.newSecret()), clock.instant());
    long tookMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    assertThat(outcome.statusCode()).isNull();
    assertThat(outcome.error()).startsWith("timeout");
    assertThat(tookMs).as("gave up at its timeout, not when the server answered")
        .isLessThan(2_500);
  }

  private static String endpointOf(WebhookReceiver.Hit hit, Endpoint first, Endpoint second)
      throws Exception {
    String signature = hit.header("webhook-signature");
    long timestamp = Long.parseLong(hit.header("webhook-timestamp"));
    String id = hit.header("webhook-id");
    return new Webhook(first.secret()).sign(id, timestamp, hit.body()).equals(signature)
        ? "first" : new Webhook(second.secret()).sign(id, timestamp, hit.body()).equals(signature)
        ? "second" : "neither";
  }

  private Delivery only(MerchantCaller merchant, Endpoint endpoint) {
    List<Delivery> log = webhooks.deliveries(merchant, endpoint.id(), null, 10);
    assertThat(log).hasSize(1);
    return log.getFirst();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Map<ApiResource, Access> webhooksWrite() {
    return Map.of(ApiResource.WEBHOOKS, Access.WRITE);
  }
}
