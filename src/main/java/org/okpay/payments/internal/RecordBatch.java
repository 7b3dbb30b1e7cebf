package org.okpay.payments.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;

/**
 * Decides a batch of payments in memory, in arrival order, with every user of the batch locked
 * and their usage read after the locks were granted: a key already recorded is a duplicate; the
 * limits are {@link Checks#refusal}'s, against what the user had used plus what earlier payments
 * of this batch take (a user's second payment sees the first one's amount). A refused payment
 * takes nothing, so the ones after it are decided as if it had never come.
 */
final class RecordBatch {

  private final Checks checks;
  private final Instant now;
  private final Map<UUID, Integer> recentAdded = new HashMap<>();
  private final Map<String, Long> amountAdded = new HashMap<>();
  private final Set<String> keysTaken = new HashSet<>();
  private final List<PaymentTransaction> accepted = new ArrayList<>();

  RecordBatch(Checks checks, Instant now) {
    this.checks = checks;
    this.now = now;
  }

  /**
   * @param used what the user had used of the payment's operation before this batch
   * @param known whether the user's key is recorded already
   */
  Recording.Outcome decide(Recording r, LimitUsage.Usage used, boolean known) {
    UUID user = r.user().userId();
    String key = user + "\n" + r.key();
    if (known || keysTaken.contains(key)) {
      return new Recording.Duplicate();
    }
    String pair = user + "\n" + r.plan().operation();
    long amount = amountAdded.getOrDefault(pair, 0L);
    LimitUsage.Usage withBatch = new LimitUsage.Usage(
        used.recent() + recentAdded.getOrDefault(user, 0),
        Math.addExact(used.dayMinor(), amount), Math.addExact(used.monthMinor(), amount));
    Optional<PaymentRefused> refused = checks.refusal(r.user(), r.plan(), withBatch, now);
    if (refused.isPresent()) {
      return new Recording.Refused(refused.get());
    }
    // From here the payment is recorded: it takes its share of the user's limits.
    recentAdded.merge(user, 1, Integer::sum);
    amountAdded.merge(pair, r.plan().limitAmountMinor(), Math::addExact);
    keysTaken.add(key);
    PaymentTransaction row = r.row(now);
    accepted.add(row);
    return new Recording.Recorded(row);
  }

  /** The rows to insert, in arrival order. */
  List<PaymentTransaction> accepted() {
    return List.copyOf(accepted);
  }
}
