package org.okpay.notify.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.internal.OutboxRow.Channel;
import org.okpay.shared.PollingWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers committed outbox rows. A few threads per instance ({@code okpay.notify.dispatchers})
 * each claim due rows in small batches
 * ({@link OutboxStore#claim}: {@code FOR UPDATE SKIP LOCKED} plus a lease), delivers each and
 * records the outcome under its claim token. It wakes when a transaction that enqueued something
 * commits, and otherwise polls. A failed attempt is retried with exponential backoff until
 * {@code attemptsMax}, then the row is marked failed; a row that cannot be rendered, or whose
 * address is malformed, fails at once because retrying cannot help.
 */
@Component
class OutboxDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int RECORD_ATTEMPTS_MAX = 3;
  private static final Duration RECORD_RETRY_PAUSE = Duration.ofMillis(200);

  private final OutboxStore outbox;
  private final NotificationStore notifications;
  private final Renderer renderer;
  private final MailTransport transport;
  private final TransactionTemplate tx;
  private final NotifyProperties properties;
  private final Counter delivered;
  private final Counter retried;
  private final Counter failed;
  private final PollingWorkers workers;

  OutboxDispatcher(OutboxStore outbox, NotificationStore notifications, Renderer renderer,
      MailTransport transport, PlatformTransactionManager transactions,
      NotifyProperties properties, MeterRegistry meters) {
    this.outbox = outbox;
    this.notifications = notifications;
    this.renderer = renderer;
    this.transport = transport;
    this.tx = new TransactionTemplate(transactions);
    this.properties = properties;
    this.delivered = Counter.builder("okpay.notify.delivered").register(meters);
    this.retried = Counter.builder("okpay.notify.retried").register(meters);
    this.failed = Counter.builder("okpay.notify.failed").register(meters);
    this.workers = new PollingWorkers("okpay-notify-dispatcher", this::dispatchOnce,
        properties.batchMax(), properties.pollInterval(), properties.sendTimeMax());
  }

  /** Asks for a round soon; called after a transaction that enqueued something commits. */
  void wake() {
    workers.wake();
  }

  @Override
  public void start() {
    if (!properties.dispatcherEnabled()) {
      log.info("notify dispatcher disabled on this instance (okpay.notify.dispatcher-enabled)");
      workers.start(0);
      return;
    }
    // Each delivery waits on the database (and on SMTP): several threads keep up with a busy
    // instance; SKIP LOCKED gives every row to one of them.
    workers.start(properties.dispatchers());
  }

  @Override
  public void stop() {
    // A round in progress finishes its current delivery (at most sendTimeMax).
    workers.stop();
  }

  @Override
  public boolean isRunning() {
    return workers.running();
  }

  /**
   * One round: claims up to batchMax due rows and delivers them. Returns how many were claimed.
   * Safe to call from several threads or instances at once: each row goes to one claimant.
   */
  int dispatchOnce() {
    // Taken before the claim, so it ends no later than the lease the database recorded (less any
    // clock difference between the two, which sendTimeMax easily covers).
    Instant leaseEnd = Instant.now().plus(properties.lease());
    List<OutboxRow> rows = outbox.claim(properties.batchMax(), properties.lease(), UUID.randomUUID());
    Set<Long> done = workers.running() ? deliverInAppTogether(rows) : Set.of();
    for (OutboxRow row : rows) {
      if (done.contains(row.id())) {
        continue;
      }
      if (!workers.running() || Instant.now().plus(properties.sendTimeMax()).isAfter(leaseEnd)) {
        outbox.release(row);
        continue;
      }
      try {
        deliver(row);
      } catch (RuntimeException e) {
        // Most likely the database: the row stays claimed and is tried again after its lease;
        // the rest of the batch goes on.
        log.warn("outbox row {}: delivery could not be recorded; retried after the lease", row.id(), e);
      }
    }
    return rows.size();
  }

  /**
   * The batch's in-app notifications in one transaction (one commit instead of one each): the
   * ids it delivered. Rows that cannot be rendered, and every row when the transaction fails,
   * are left to the one-by-one path, which gives up on them or retries them as usual.
   */
  private Set<Long> deliverInAppTogether(List<OutboxRow> rows) {
    Map<OutboxRow, Renderer.InAppText> rendered = new LinkedHashMap<>();
    for (OutboxRow row : rows) {
      if (row.channel() != Channel.IN_APP || row.attempts() > properties.attemptsMax()) {
        continue;
      }
      try {
        rendered.put(row, renderer.inApp(InAppTemplate.fromKey(row.template()), row.locale(),
            row.variablesJson()));
      } catch (RuntimeException e) {
        // The one-by-one path logs it and marks it failed.
      }
    }
    if (rendered.size() < 2) {
      return Set.of();
    }
    try {
      Set<Long> recorded = tx.execute(status -> {
        Set<Long> sent = new HashSet<>();
        rendered.forEach((row, text) -> {
          if (outbox.markSent(row)) {
            notifications.insert(row.id(), row.recipient(), InAppTemplate.fromKey(row.template()),
                text.title(), text.body(), row.link());
            sent.add(row.id());
          }
        });
        return sent;
      });
      delivered.increment(recorded.size());
      // A row whose claim was lost is not ours any more: the one-by-one path must not touch it.
      Set<Long> handled = new HashSet<>();
      rendered.keySet().forEach(row -> handled.add(row.id()));
      return handled;
    } catch (RuntimeException e) {
      log.warn("{} in-app notifications could not be delivered together; one by one instead",
          rendered.size(), e);
      return Set.of();
    }
  }

  private void deliver(OutboxRow row) {
    if (row.attempts() > properties.attemptsMax()) {
      // Only an instance that died during the last attempt leaves such a row behind.
      giveUp(row, "no attempts left (an earlier attempt was interrupted)");
      return;
    }
    switch (row.channel()) {
      case IN_APP -> deliverInApp(row);
      case EMAIL -> deliverEmail(row);
    }
  }

  private void deliverInApp(OutboxRow row) {
    Renderer.InAppText text;
    InAppTemplate template;
    try {
      template = InAppTemplate.fromKey(row.template());
      text = renderer.inApp(template, row.locale(), row.variablesJson());
    } catch (RuntimeException e) {
      log.error("in-app notification {} cannot be rendered; marked failed", row.id(), e);
      giveUp(row, "render: " + describe(e));
      return;
    }
    boolean recorded;
    try {
      recorded = Boolean.TRUE.equals(tx.execute(status -> {
        if (!outbox.markSent(row)) {
          return false;
        }
        notifications.insert(row.id(), row.recipient(), template, text.title(), text.body(),
            row.link());
        return true;
      }));
    } catch (RuntimeException e) {
      retryOrGiveUp(row, e);
      return;
    }
    if (recorded) {
      delivered.increment();
    } else {
      log.warn("outbox row {}: claim lost before delivery; its new claimant delivers it", row.id());
    }
  }

  private void deliverEmail(OutboxRow row) {
    RenderedEmail mail;
    try {
      mail = renderer.email(EmailTemplate.fromKey(row.template()), row.locale(), row.variablesJson(),
          row.recipient());
    } catch (RuntimeException e) {
      log.error("e-mail {} cannot be rendered; marked failed", row.id(), e);
      giveUp(row, "render: " + describe(e));
      return;
    }
    if (transport.transactional()) {
      deliverInTransaction(row, mail);
    } else {
      sendThenRecord(row, mail);
    }
  }

  /** The mailbox: delivery and its record commit together, so it happens exactly once. */
  private void deliverInTransaction(OutboxRow row, RenderedEmail mail) {
    boolean recorded;
    try {
      recorded = Boolean.TRUE.equals(tx.execute(status -> {
        if (!outbox.markSent(row)) {
          return false;
        }
        transport.deliver(row, mail);
        return true;
      }));
    } catch (RuntimeException e) {
      retryOrGiveUp(row, e);
      return;
    }
    if (recorded) {
      delivered.increment();
    }
  }

  /**
   * SMTP: only a failure to send schedules another attempt. Once the server has the e-mail, a
   * failure to record that is retried on its own, so that a database hiccup does not send the
   * e-mail again.
   */
  private void sendThenRecord(OutboxRow row, RenderedEmail mail) {
    try {
      transport.deliver(row, mail);
    } catch (MailParseException | MailPreparationException e) {
      giveUp(row, describe(e));
      return;
    } catch (RuntimeException e) {
      retryOrGiveUp(row, e);
      return;
    }
    delivered.increment();
    for (int attempt = 1; ; attempt++) {
      try {
        if (!outbox.markSent(row)) {
          log.warn("outbox row {}: sent, but its lease had run out; it may be sent once more",
              row.id());
        }
        return;
      } catch (DataAccessException e) {
        if (attempt == RECORD_ATTEMPTS_MAX) {
          throw e; // the row is sent again after its lease: at least once, as documented
        }
        sleepQuietly(RECORD_RETRY_PAUSE.multipliedBy(attempt));
      }
    }
  }

  private static void sleepQuietly(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void retryOrGiveUp(OutboxRow row, RuntimeException e) {
    if (row.attempts() >= properties.attemptsMax()) {
      log.warn("outbox row {}: attempt {} failed, giving up: {}", row.id(), row.attempts(),
          describe(e));
      giveUp(row, describe(e));
      return;
    }
    Duration delay = Backoff.delay(row.attempts(), properties.retryBase(), properties.retryMax());
    log.info("outbox row {}: attempt {} failed, next in {}: {}", row.id(), row.attempts(), delay,
        describe(e));
    if (outbox.markRetry(row, delay, describe(e))) {
      retried.increment();
    }
  }

  private void giveUp(OutboxRow row, String error) {
    if (outbox.markFailed(row, error)) {
      failed.increment();
    }
  }

  /** The exception and its deepest cause, for operators; never shown to customers. */
  static String describe(Throwable e) {
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
      root = root.getCause();
    }
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (root != e) {
      text += " / " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    return text;
  }
}
