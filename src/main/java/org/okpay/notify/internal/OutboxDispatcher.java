package org.okpay.notify.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers committed outbox rows: e-mails, and in-app rows written before in-app notifications
 * were written straight into notify.notifications (or by an instance not yet upgraded), which it
 * writes once each with their dedup keys. A few threads per instance
 * ({@code okpay.notify.dispatchers}) each claim due rows in batches of up to {@code okpay.notify.batch-max}
 * ({@link OutboxStore#claim}: {@code FOR UPDATE SKIP LOCKED} plus a lease), deliver the batch
 * together and record the outcome under its claim token. It wakes when a transaction that enqueued something
 * commits, and otherwise polls. A failed attempt is retried with exponential backoff until
 * {@code attemptsMax}, then the row is marked failed; a row that cannot be rendered, or whose
 * address is malformed, fails at once because retrying cannot help. Its statements go to the
 * dispatchers' own connections ({@link DispatchDatabase}), so a busy request path does not slow
 * it; meters {@code okpay.notify.round}, {@code .round.rows}, {@code .round.claim} and
 * {@code .round.record} show what its rounds take.
 */
@Component
class OutboxDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int RECORD_ATTEMPTS_MAX = 3;
  private static final Duration RECORD_RETRY_PAUSE = Duration.ofMillis(200);

  private final OutboxStore outbox;
  private final NotificationStore notifications;
  private final Renderer renderer;
  /** Exactly one of the two is set: the kind of transport decides how e-mails are delivered. */
  private final MailboxTransport mailbox;
  private final SmtpTransport smtp;
  private final TransactionTemplate tx;
  private final NotifyProperties properties;
  private final Counter delivered;
  private final Counter retried;
  private final Counter failed;
  private final DistributionSummary roundRows;
  private final Timer roundTime;
  private final Timer claimTime;
  private final Timer recordTime;
  private final PollingWorkers workers;
  /** The last round claimed a full batch: more rows are due, the next round claims at once. */
  private final AtomicBoolean backlog = new AtomicBoolean();

  OutboxDispatcher(DispatchDatabase database, Renderer renderer, MailTransport transport,
      NotifyProperties properties, MeterRegistry meters) {
    this.outbox = new OutboxStore(database.jdbc());
    this.notifications = new NotificationStore(database.jdbc());
    this.renderer = renderer;
    this.mailbox = transport instanceof MailboxTransport m ? m : null;
    this.smtp = transport instanceof SmtpTransport s ? s : null;
    this.tx = database.tx();
    this.properties = properties;
    this.delivered = Counter.builder("okpay.notify.delivered").register(meters);
    this.retried = Counter.builder("okpay.notify.retried").register(meters);
    this.failed = Counter.builder("okpay.notify.failed").register(meters);
    this.roundRows = DistributionSummary.builder("okpay.notify.round.rows")
        .description("rows claimed by a dispatcher round that found any").register(meters);
    this.roundTime = Timer.builder("okpay.notify.round")
        .description("a dispatcher round that found rows, claim to last record, without linger")
        .register(meters);
    this.claimTime = Timer.builder("okpay.notify.round.claim")
        .description("the claim of a round, connection wait included").register(meters);
    this.recordTime = Timer.builder("okpay.notify.round.record")
        .description("the transaction that records a round's in-app and mailbox deliveries,"
            + " connection wait included").register(meters);
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
   *
   * <p>A round costs a few statements whatever its size: the claim; the anti-phishing phrases of
   * its e-mails; then one transaction that marks the in-app rows (and, in mailbox mode, the
   * e-mails) sent and writes their notifications and mailbox messages, one multi-row statement
   * each. Over SMTP the e-mails go out over one connection and are marked sent in one statement
   * after the batch. Only rows that fail cost a statement each.
   */
  int dispatchOnce() {
    if (!backlog.get() && properties.linger().isPositive()) {
      // Woken by a commit (or the poll) rather than following a full batch: let the rows of the
      // commits just behind it join this round.
      sleepQuietly(properties.linger());
    }
    // Taken before the claim, so it ends no later than the lease the database recorded (less any
    // clock difference between the two, which sendTimeMax easily covers).
    Instant leaseEnd = Instant.now().plus(properties.lease());
    UUID token = UUID.randomUUID();
    long started = System.nanoTime();
    List<OutboxRow> rows = outbox.claim(properties.batchMax(), properties.lease(), token);
    backlog.set(rows.size() == properties.batchMax());
    if (rows.isEmpty()) {
      return 0;
    }
    claimTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    roundRows.record(rows.size());
    if (!workers.running()) {
      outbox.releaseAll(token, rows.stream().map(OutboxRow::id).toList());
      return rows.size();
    }
    Batch batch = render(rows);
    deliverTogether(token, batch.inApp(), mailbox != null ? batch.emails() : List.of());
    if (smtp != null) {
      sendThenRecord(token, batch.emails(), leaseEnd);
    }
    roundTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return rows.size();
  }

  /** A claimed batch, rendered: rows that could not be are already marked failed. */
  private record Batch(List<InApp> inApp, List<MailTransport.Outgoing> emails) {
  }

  private record InApp(OutboxRow row, InAppTemplate template, Renderer.InAppText text) {
  }

  private Batch render(List<OutboxRow> rows) {
    List<InApp> inApp = new ArrayList<>();
    List<MailTransport.Outgoing> emails = new ArrayList<>();
    List<String> recipients = rows.stream().filter(r -> r.channel() == Channel.EMAIL)
        .map(OutboxRow::recipient).toList();
    Map<String, String> phrases;
    RuntimeException noPhrases = null;
    try {
      phrases = recipients.isEmpty() ? Map.of() : renderer.phrases(recipients);
    } catch (RuntimeException e) {
      // An e-mail must not go out without its owner's phrase: this attempt of each fails.
      phrases = Map.of();
      noPhrases = e;
    }
    for (OutboxRow row : rows) {
      try {
        if (row.attempts() > properties.attemptsMax()) {
          // Only an instance that died during the last attempt leaves such a row behind.
          giveUp(row, "no attempts left (an earlier attempt was interrupted)");
          continue;
        }
        if (noPhrases != null && row.channel() == Channel.EMAIL) {
          retryOrGiveUp(row, noPhrases);
          continue;
        }
      } catch (RuntimeException e) {
        log.warn("outbox row {}: outcome could not be recorded; retried after the lease",
            row.id(), e);
        continue;
      }
      try {
        switch (row.channel()) {
          case IN_APP -> {
            InAppTemplate template = InAppTemplate.fromKey(row.template());
            inApp.add(new InApp(row, template,
                renderer.inApp(template, row.locale(), row.variablesJson())));
          }
          case EMAIL -> emails.add(new MailTransport.Outgoing(row, renderer.email(
              EmailTemplate.fromKey(row.template()), row.locale(), row.variablesJson(),
              row.recipient(), phrases)));
        }
      } catch (RuntimeException e) {
        // Retrying cannot help: the template or its variables are wrong for this version.
        log.error("outbox row {} ({}) cannot be rendered; marked failed", row.id(), row.channel(), e);
        try {
          giveUp(row, "render: " + describe(e));
        } catch (RuntimeException recordFailed) {
          log.warn("outbox row {}: outcome could not be recorded; retried after the lease",
              row.id(), recordFailed);
        }
      }
    }
    return new Batch(inApp, emails);
  }

  /**
   * In-app notifications and mailbox e-mails: marked sent and written in one transaction, so each
   * is delivered exactly once (a second writer of the same outbox row also meets the unique
   * outbox_id). When the batch's transaction fails, each row is tried alone, so that one bad row
   * is retried or given up on its own and the others are delivered.
   */
  private void deliverTogether(UUID token, List<InApp> inApp, List<MailTransport.Outgoing> emails) {
    if (inApp.isEmpty() && emails.isEmpty()) {
      return;
    }
    if (inApp.size() + emails.size() == 1) {
      deliverAlone(token, inApp, emails,
          inApp.isEmpty() ? emails.getFirst().row() : inApp.getFirst().row());
      return;
    }
    try {
      record(token, inApp, emails);
    } catch (RuntimeException e) {
      log.warn("{} notifications could not be delivered together; one by one instead",
          inApp.size() + emails.size(), e);
      for (InApp one : inApp) {
        deliverAlone(token, List.of(one), List.of(), one.row());
      }
      for (MailTransport.Outgoing one : emails) {
        deliverAlone(token, List.of(), List.of(one), one.row());
      }
    }
  }

  private void deliverAlone(UUID token, List<InApp> inApp, List<MailTransport.Outgoing> emails,
      OutboxRow row) {
    try {
      record(token, inApp, emails);
    } catch (RuntimeException e) {
      try {
        retryOrGiveUp(row, e);
      } catch (RuntimeException recordFailed) {
        // Most likely the database: the row stays claimed and is tried again after its lease.
        log.warn("outbox row {}: delivery could not be recorded; retried after the lease",
            row.id(), recordFailed);
      }
    }
  }

  private void record(UUID token, List<InApp> inApp, List<MailTransport.Outgoing> emails) {
    Set<Long> ids = new HashSet<>();
    inApp.forEach(n -> ids.add(n.row().id()));
    emails.forEach(m -> ids.add(m.row().id()));
    long started = System.nanoTime();
    Set<Long> marked = tx.execute(status -> {
      Set<Long> mine = outbox.markSentAll(token, ids);
      notifications.insertAll(inApp.stream().filter(n -> mine.contains(n.row().id()))
          .map(n -> new NotificationStore.NewNotification(n.row().id(), n.row().recipient(),
              n.template(), n.text().title(), n.text().body(), n.row().link()))
          .toList());
      List<MailTransport.Outgoing> mail = emails.stream()
          .filter(m -> mine.contains(m.row().id())).toList();
      if (!mail.isEmpty()) {
        mailbox.deliverAll(mail);
      }
      return mine;
    });
    recordTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    delivered.increment(marked.size());
    if (marked.size() < ids.size()) {
      log.warn("{} outbox rows: claim lost before delivery; their new claimant delivers them",
          ids.size() - marked.size());
    }
  }

  /**
   * SMTP: the batch goes out over one connection; the e-mails the server took are then marked
   * sent in one statement. Only a failure to send schedules another attempt, for that e-mail
   * alone. Once the server has an e-mail, a failure to record that is retried on its own, so that
   * a database hiccup does not send it again; a crash before the record sends it once more after
   * its lease (at least once, with the same Message-ID).
   */
  private void sendThenRecord(UUID token, List<MailTransport.Outgoing> emails, Instant leaseEnd) {
    if (emails.isEmpty()) {
      return;
    }
    List<MailTransport.Sent> results = smtp.send(emails, () -> workers.running()
        && !Instant.now().plus(properties.sendTimeMax()).isAfter(leaseEnd));
    List<Long> sent = new ArrayList<>();
    List<Long> notTried = new ArrayList<>();
    for (MailTransport.Sent result : results) {
      OutboxRow row = result.outgoing().row();
      switch (result.outcome()) {
        case SENT -> sent.add(row.id());
        case NOT_TRIED -> notTried.add(row.id());
        case FAILED -> {
          try {
            if (result.error() instanceof MailParseException
                || result.error() instanceof MailPreparationException) {
              giveUp(row, describe(result.error()));
            } else {
              retryOrGiveUp(row, result.error());
            }
          } catch (RuntimeException e) {
            log.warn("outbox row {}: failed attempt could not be recorded; retried after the lease",
                row.id(), e);
          }
        }
      }
    }
    delivered.increment(sent.size());
    recordSent(token, sent);
    if (!notTried.isEmpty()) {
      outbox.releaseAll(token, notTried);
    }
  }

  private void recordSent(UUID token, List<Long> sent) {
    if (sent.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        int marked = outbox.markSentAll(token, sent).size();
        if (marked < sent.size()) {
          log.warn("{} e-mails sent, but their lease had run out; they may be sent once more",
              sent.size() - marked);
        }
        return;
      } catch (DataAccessException e) {
        if (attempt == RECORD_ATTEMPTS_MAX) {
          throw e; // sent again after their lease: at least once, as documented
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
