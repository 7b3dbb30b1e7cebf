package org.okpay.merchants.internal.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.okpay.merchants.internal.webhooks.DeliveryStore.Claimed;
import org.okpay.merchants.internal.webhooks.DeliveryStore.Outcome;
import org.okpay.merchants.internal.webhooks.EndpointStore.EndpointRow;
import org.okpay.shared.PollingWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due webhooks. A few threads per instance ({@code okpay.merchants.webhooks.dispatchers})
 * each claim due deliveries in bounded batches ({@link DeliveryStore#claim}: {@code FOR UPDATE
 * SKIP LOCKED} plus a lease, so several instances never send a row at the same time), send up to
 * {@code concurrency} of them at once, and record each attempt with its outcome in one local
 * transaction: only a 2xx answer succeeds; a 410 disables the endpoint; anything else is retried
 * on {@link RetrySchedule}, and an endpoint that has failed for three days without a success is
 * disabled and its merchant's owner e-mailed. All times come from the {@link Clock} it was given.
 *
 * <p>At least once: a dispatcher that dies after the endpoint answered and before the outcome was
 * recorded leaves the row to be sent again after its lease; receivers deduplicate by
 * {@code webhook-id} (docs/webhooks.md).
 */
class WebhookDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final DeliveryStore deliveries;
  private final EndpointStore endpoints;
  private final WebhookSender sender;
  private final EndpointDisabledNotice notice;
  private final TransactionTemplate tx;
  private final WebhooksProperties properties;
  private final Clock clock;
  private final Counter succeeded;
  private final Counter retried;
  private final Counter gaveUp;
  private final Counter disabled;
  private final Timer attemptTimer;
  private final PollingWorkers workers;
  private volatile boolean stopping;

  WebhookDispatcher(DeliveryStore deliveries, EndpointStore endpoints, WebhookSender sender,
      EndpointDisabledNotice notice, PlatformTransactionManager transactions,
      WebhooksProperties properties, Clock clock, MeterRegistry meters) {
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.sender = sender;
    this.notice = notice;
    this.tx = new TransactionTemplate(transactions);
    this.properties = properties;
    this.clock = clock;
    this.succeeded = Counter.builder("okpay.merchants.webhooks.succeeded")
        .description("webhook deliveries an endpoint accepted (2xx)").register(meters);
    this.retried = Counter.builder("okpay.merchants.webhooks.retried")
        .description("failed webhook attempts scheduled again").register(meters);
    this.gaveUp = Counter.builder("okpay.merchants.webhooks.failed")
        .description("webhook deliveries given up (schedule over, 410, failed resend)")
        .register(meters);
    this.disabled = Counter.builder("okpay.merchants.webhooks.endpoints_disabled")
        .description("endpoints disabled by a 410 or three days of failures").register(meters);
    this.attemptTimer = Timer.builder("okpay.merchants.webhooks.attempt")
        .description("one HTTP attempt, connection to answer").publishPercentiles(0.5, 0.99)
        .register(meters);
    this.workers = new PollingWorkers("okpay-webhooks-dispatcher", this::dispatchOnce,
        properties.batchMax(), properties.pollInterval(), properties.timeout().multipliedBy(2));
  }

  /** Asks for a round soon; called after a transaction that enqueued deliveries commits. */
  void wake() {
    workers.wake();
  }

  @Override
  public void start() {
    stopping = false;
    workers.start(properties.dispatchers());
  }

  @Override
  public void stop() {
    stopping = true;
    workers.stop();
  }

  @Override
  public boolean isRunning() {
    return workers.running();
  }

  /**
   * One round: claims up to batchMax due deliveries, sends them (concurrency at a time) and
   * records every outcome. Returns how many were claimed. Safe from several threads and
   * instances at once: each row goes to one claimant.
   */
  int dispatchOnce() {
    Instant now = now();
    Instant leaseEnd = now.plus(properties.lease());
    List<Claimed> rows = deliveries.claim(now, properties.batchMax(), leaseEnd, UUID.randomUUID());
    if (rows.isEmpty()) {
      return 0;
    }
    Map<UUID, EndpointRow> byId = endpoints.byIds(rows.stream().map(Claimed::endpointId)
        .distinct().toList()).stream()
        .collect(Collectors.toMap(EndpointRow::id, Function.identity()));
    Semaphore slots = new Semaphore(properties.concurrency());
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Claimed row : rows) {
        slots.acquireUninterruptibly();
        senders.execute(() -> {
          try {
            attempt(row, byId.get(row.endpointId()), leaseEnd);
          } catch (RuntimeException e) {
            // Most likely the database: the row stays claimed and is tried after its lease.
            log.warn("webhook delivery {}: outcome not recorded; retried after the lease",
                row.id(), e);
          } finally {
            slots.release();
          }
        });
      }
    }
    return rows.size();
  }

  /** Now, to the microsecond PostgreSQL keeps. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private void attempt(Claimed row, EndpointRow endpoint, Instant leaseEnd) {
    if (endpoint == null) {
      return; // deleted since the claim: its deliveries went with it
    }
    Instant start = now();
    if (stopping || !endpoint.enabled()
        || start.plus(properties.timeout()).isAfter(leaseEnd)) {
      deliveries.release(row, start);
      return;
    }
    Outcome outcome = sender.send(endpoint.url(), row.eventId(), row.payload(),
        endpoint.signingSecrets(start), start);
    attemptTimer.record(Duration.ofMillis(outcome.durationMs()));
    Integer code = outcome.statusCode();
    boolean ok = code != null && code >= 200 && code < 300;
    boolean gone = code != null && code == 410;
    Optional<Duration> wait = ok || gone || row.manual() ? Optional.empty()
        : RetrySchedule.after(row.attempt());
    Instant next = wait.map(start::plus).orElse(null);
    tx.executeWithoutResult(status -> {
      if (!deliveries.record(row, outcome, ok, next)) {
        log.warn("webhook delivery {}: claim lost before the outcome was recorded", row.id());
        return;
      }
      if (ok) {
        succeeded.increment();
        endpoints.markHealthy(endpoint.id());
        return;
      }
      if (next != null) {
        retried.increment();
      } else {
        gaveUp.increment();
      }
      if (gone) {
        if (endpoints.disable(endpoint.id(), "gone", start)) {
          disabled.increment();
          log.info("webhook endpoint {} answered 410 Gone; disabled", endpoint.id());
        }
        return;
      }
      endpoints.markFailing(endpoint.id(), start).ifPresent(since -> {
        if (!since.plus(properties.disableAfter()).isAfter(start)
            && endpoints.disable(endpoint.id(), "failing", start)) {
          disabled.increment();
          log.info("webhook endpoint {} failing since {}; disabled", endpoint.id(), since);
          notice.failing(endpoint, since);
        }
      });
    });
  }
}
