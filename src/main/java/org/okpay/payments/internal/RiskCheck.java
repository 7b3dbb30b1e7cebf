package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.PaymentPlan;
import org.springframework.stereotype.Component;

/**
 * Risk checks on money leaving a user: an amount far above their usual one, a recipient they
 * never paid, a device they only just started using. A user with two-factor authentication is
 * asked for a fresh code (step-up); one without it has nothing more to give, so an unusual
 * amount, or a new recipient from a new device, holds the payment for an agent's review.
 */
@Component
class RiskCheck {

  static final Duration USUAL_WINDOW = Duration.ofDays(90);
  /** Completed operations needed before "usual" means something. */
  static final int USUAL_COUNT_MIN = 3;

  private final LimitUsage usage;
  private final KnownRecipients known;
  private final OperationTypes types;
  private final PaymentsProperties properties;
  private final Clock clock;

  RiskCheck(LimitUsage usage, KnownRecipients known, OperationTypes types,
      PaymentsProperties properties, Clock clock) {
    this.usage = usage;
    this.known = known;
    this.types = types;
    this.properties = properties;
    this.clock = clock;
  }

  /** @param payer the payer's facts, read once by {@link Guards} */
  Assessment assess(CurrentUser user, PaymentPlan plan, IdentityApi.PayerFacts payer) {
    if (!plan.outgoing() || !types.of(plan.operation()).riskChecked()) {
      return new Assessment(List.of(), Action.NONE);
    }
    List<String> reasons = new ArrayList<>();
    if (unusualAmount(user, plan)) {
      reasons.add(RiskReason.UNUSUAL_AMOUNT.key());
    }
    if (newRecipient(user, plan)) {
      reasons.add(RiskReason.NEW_RECIPIENT.key());
    }
    if (payer.onNewDevice()) {
      reasons.add(RiskReason.NEW_DEVICE.key());
    }
    return new Assessment(List.copyOf(reasons), action(payer, reasons));
  }

  private static Action action(IdentityApi.PayerFacts payer, List<String> reasons) {
    if (reasons.isEmpty()) {
      return Action.NONE;
    }
    if (payer.secondFactorEnabled()) {
      return Action.STEP_UP;
    }
    boolean newRecipientOnNewDevice = reasons.contains(RiskReason.NEW_RECIPIENT.key())
        && reasons.contains(RiskReason.NEW_DEVICE.key());
    return reasons.contains(RiskReason.UNUSUAL_AMOUNT.key()) || newRecipientOnNewDevice
        ? Action.REVIEW : Action.NONE;
  }

  private boolean unusualAmount(CurrentUser user, PaymentPlan plan) {
    long amount = plan.limitAmountMinor();
    if (amount <= properties.largeAmountFloorMinor()) {
      return false;
    }
    LimitUsage.Usual usual = usage.usual(user.userId(), plan.operation(),
        clock.instant().minus(USUAL_WINDOW));
    return usual.count() < USUAL_COUNT_MIN
        || amount > Math.multiplyExact(usual.meanMinor(), (long) properties.largeAmountFactor());
  }

  private boolean newRecipient(CurrentUser user, PaymentPlan plan) {
    if (plan.recipient() == null && plan.recipientBank() == null) {
      return false;
    }
    if (plan.recipient() != null && known.paid(user.userId(), plan.recipient().userId())) {
      return false;
    }
    return !usage.paidBefore(user.userId(),
        plan.recipient() == null ? null : plan.recipient().userId(),
        plan.recipientBank() == null ? null : plan.recipientBank().accountNumber());
  }

  enum Action { NONE, STEP_UP, REVIEW }

  record Assessment(List<String> reasons, Action action) {
  }
}
