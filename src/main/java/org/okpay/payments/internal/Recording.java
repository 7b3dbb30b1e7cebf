package org.okpay.payments.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;

/**
 * One request's payment that passed the guards, for a {@link Recorder}'s batch.
 *
 * @param legs the ledger legs the batch posts with the row ({@link Settler}); empty when it only
 *     records the row
 */
record Recording(CurrentUser user, String key, String hash, PaymentPlan plan,
    RiskCheck.Assessment assessment, UUID id, List<TransferRequest> legs) {

  Recording {
    legs = List.copyOf(legs);
  }

  /** A payment the batch only records. */
  Recording(CurrentUser user, String key, String hash, PaymentPlan plan,
      RiskCheck.Assessment assessment, UUID id) {
    this(user, key, hash, plan, assessment, id, List.of());
  }

  Recording withLegs(List<TransferRequest> settledBy) {
    return new Recording(user, key, hash, plan, assessment, id, settledBy);
  }

  boolean settles() {
    return !legs.isEmpty();
  }

  /** The people its notices go to, as the request holds them; see {@link #contacts}. */
  Map<UUID, Contact> contacts() {
    return contacts(user, plan);
  }

  /**
   * The people a payment's notices go to, as the request already holds them: the payer (from the
   * session's user) and the recipient the plan found. Notices use their names, e-mail addresses
   * and languages; the payer's phone is not known here and not used.
   */
  static Map<UUID, Contact> contacts(CurrentUser user, PaymentPlan plan) {
    Map<UUID, Contact> known = new HashMap<>();
    known.put(user.userId(), new Contact(user.userId(), user.email(), user.displayName(),
        user.language(), user.emailVerified(), null));
    if (plan.recipient() != null) {
      known.put(plan.recipient().userId(), plan.recipient());
    }
    return Map.copyOf(known);
  }

  /** The row this payment is recorded as, created at {@code now} (microseconds, as stored). */
  PaymentTransaction row(Instant now) {
    return created(user, key, hash, plan, assessment, id, now);
  }

  static PaymentTransaction created(CurrentUser user, String key, String hash, PaymentPlan plan,
      RiskCheck.Assessment assessment, UUID id, Instant now) {
    return new PaymentTransaction(id, user.userId(), plan.operation(), TransactionState.CREATED,
        plan.amountMinor(), plan.currency(), plan.feeMinor(), plan.targetAmountMinor(),
        plan.targetCurrency(), plan.fxRate(), plan.quoteId(), plan.cardId(),
        plan.bankAccountId(), plan.recipient() == null ? null : plan.recipient().userId(),
        plan.counterparty(), plan.recipientBank(), plan.note(), plan.rail(), null, null,
        plan.limitAmountMinor(), assessment.reasons(), null, key, hash, now, now);
  }

  /** What the batch decided for this payment. */
  sealed interface Outcome {
  }

  /**
   * Recorded in {@code created} with its first tracker step; or, when the batch settled it,
   * recorded completed (or failed, the ledger having refused its legs) with both steps.
   */
  record Recorded(PaymentTransaction row) implements Outcome {
  }

  /** The limits refused it, exactly as {@link Checks#requireWithinLimits} would; nothing written. */
  record Refused(PaymentRefused refusal) implements Outcome {
  }

  /** The user's key was recorded already (by an earlier request or earlier in the batch). */
  record Duplicate() implements Outcome {
  }
}
