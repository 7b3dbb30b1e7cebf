package org.okpay.payments.internal;

import java.time.Instant;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;

/** One request's payment that passed the guards, for a {@link Recorder}'s batch. */
record Recording(CurrentUser user, String key, String hash, PaymentPlan plan,
    RiskCheck.Assessment assessment, UUID id) {

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

  /** Recorded in {@code created}, with its first tracker step. */
  record Recorded(PaymentTransaction row) implements Outcome {
  }

  /** The limits refused it, exactly as {@link Checks#requireWithinLimits} would; nothing written. */
  record Refused(PaymentRefused refusal) implements Outcome {
  }

  /** The user's key was recorded already (by an earlier request or earlier in the batch). */
  record Duplicate() implements Outcome {
  }
}
