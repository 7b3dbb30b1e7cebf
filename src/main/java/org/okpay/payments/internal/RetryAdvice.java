package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import org.okpay.payments.TransactionView;
import org.springframework.stereotype.Component;

/**
 * When a client should ask again about a transaction that is still open (the {@code Retry-After}
 * of a {@code 202}, and {@code retryAfterSeconds} in its body): the earliest moment its state can
 * have moved, so that clients poll neither blindly nor too late.
 */
@Component
class RetryAdvice {

  /** A review is a person's work: minutes to hours; asking more often than this tells nothing. */
  static final Duration REVIEW_POLL = Duration.ofMinutes(5);

  private final PaymentsProperties properties;
  private final Clock clock;

  RetryAdvice(PaymentsProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  /** Whole seconds (at least 1) before asking again; null when the transaction is final. */
  Long seconds(TransactionView view) {
    Duration wait = switch (view.state()) {
      // Left in "created" by a stopped process (or still in its request): reconciliation settles
      // it once it is stale-after old, at its next run.
      case CREATED -> Duration.between(clock.instant(),
          view.updatedAt().plus(properties.staleAfter()).plus(properties.reconcileInterval()));
      // With the rail: reconciliation asks the rail again every reconcile-interval.
      case PENDING, PROCESSING -> properties.reconcileInterval();
      case ON_HOLD -> REVIEW_POLL;
      case COMPLETED, FAILED, REVERSED -> null;
    };
    if (wait == null) {
      return null;
    }
    long seconds = (wait.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }
}
