package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.TwoFactorApi;
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
  private final OperationTypes types;
  private final IdentityApi identity;
  private final TwoFactorApi twoFactor;
  private final PaymentsProperties properties;
  private final Clock clock;

  RiskCheck(LimitUsage usage, OperationTypes types, IdentityApi identity, TwoFactorApi twoFactor,
      PaymentsProperties properties, Clock clock) {
    this.usage = usage;
    this.types = types;
    this.identity = identity;
    this.twoFactor = twoFactor;
    this.properties = properties;
    this.clock = clock;
  }

  Assessment assess(CurrentUser user, PaymentPlan plan) {
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
    if (identity.onNewDevice(user, properties.newDeviceWindow())) {
      reasons.add(RiskReason.NEW_DEVICE.key());
    }
    return new Assessment(List.copyOf(reasons), action(user, reasons));
  }

  private Action action(CurrentUser user, List<String> reasons) {
    if (reasons.isEmpty()) {
      return Action.NONE;
    }
    if (twoFactor.status(user).enabled()) {
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
    return !usage.paidBefore(user.userId(),
        plan.recipient() == null ? null : plan.recipient().userId(),
        plan.recipientBank() == null ? null : plan.recipientBank().accountNumber());
  }

  enum Action { NONE, STEP_UP, REVIEW }

  record Assessment(List<String> reasons, Action action) {
  }
}
