package org.okpay.notify.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the outbox dispatcher.
 *
 * @param dispatcherEnabled whether this instance delivers outbox rows (every instance may)
 * @param dispatchers dispatcher threads of this instance
 * @param ownPool whether the dispatchers take their connections from a pool of their own (one
 *     connection per dispatcher, made like the application's pool) instead of the application's,
 *     where a busy request path makes every round wait for a connection ({@link DispatchDatabase})
 * @param pollInterval how often the dispatcher looks for due rows when nothing woke it
 * @param batchMax rows claimed per round and delivered together: one transaction for the in-app
 *     notifications and mailbox e-mails, one SMTP connection for the e-mails (1..1000)
 * @param linger how long a round that follows a partial one waits before it claims, so that rows
 *     committed meanwhile join its batch (fewer, fuller rounds: the ledger writer's linger, for
 *     notifications); a round after a full batch claims at once
 * @param attemptsMax delivery attempts of one row before it is marked failed
 * @param retryBase wait after the first failed attempt; it doubles with every further attempt
 * @param retryMax the longest wait between two attempts
 * @param lease how long a claimed row belongs to the instance that claimed it; must be longer
 *     than a round can take (batchMax times sendTimeMax at worst, see below)
 * @param sendTimeMax the longest one delivery may take (the SMTP timeouts in application.yml are
 *     10 s each); a row is not started with less lease than this left
 * @param retention how long delivered and failed outbox rows (and so their dedup keys) are kept
 * @param notificationRetention how long in-app notifications are kept
 * @param mailboxKeep how many e-mails the development mailbox keeps
 *
 * <p>{@code okpay.notify.purge-interval} (default 1h) is how often {@link OutboxRetention} runs.
 */
@ConfigurationProperties("okpay.notify")
record NotifyProperties(
    @DefaultValue("true") boolean dispatcherEnabled,
    @DefaultValue("2") int dispatchers,
    @DefaultValue("true") boolean ownPool,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("100") int batchMax,
    @DefaultValue("20ms") Duration linger,
    @DefaultValue("8") int attemptsMax,
    @DefaultValue("30s") Duration retryBase,
    @DefaultValue("1h") Duration retryMax,
    @DefaultValue("15m") Duration lease,
    @DefaultValue("1m") Duration sendTimeMax,
    @DefaultValue("30d") Duration retention,
    @DefaultValue("365d") Duration notificationRetention,
    @DefaultValue("200") int mailboxKeep) {

  NotifyProperties {
    if (dispatchers < 1 || dispatchers > 32) {
      throw new IllegalArgumentException("okpay.notify.dispatchers must be 1..32");
    }
    if (batchMax < 1 || batchMax > 1000) {
      throw new IllegalArgumentException("okpay.notify.batch-max must be 1..1000");
    }
    if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("okpay.notify.linger must be 0..1s");
    }
    if (attemptsMax < 1 || attemptsMax > 20) {
      throw new IllegalArgumentException("okpay.notify.attempts-max must be 1..20");
    }
    if (pollInterval.toMillis() < 10 || retryBase.toMillis() < 10 || retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("okpay.notify poll-interval, retry-base or retry-max out of range");
    }
    if (lease.compareTo(sendTimeMax.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("okpay.notify.lease must be at least twice send-time-max");
    }
    if (mailboxKeep < 1 || mailboxKeep > 10_000) {
      throw new IllegalArgumentException("okpay.notify.mailbox-keep must be 1..10000");
    }
  }
}
