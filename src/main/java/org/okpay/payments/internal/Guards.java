package org.okpay.payments.internal;

import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.TwoFactorApi;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentResultCode;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusApi;
import org.springframework.stereotype.Component;

/**
 * Every refusal before a transaction is recorded, in the one order of {@link PaymentResultCode},
 * for the preview and the execution alike. Each guard throws a {@link PaymentRefused}; none of
 * them writes anything (the second-factor check counts a wrong code towards identity's lockout,
 * which is identity's record, not the payment's).
 */
@Component
class Guards {

  private final OperationTypes types;
  private final Checks checks;
  private final RiskCheck risk;
  private final TwoFactorApi twoFactor;
  private final StatusApi status;
  private final IdentityApi identity;
  private final PaymentsProperties properties;

  /** For money coming in: nothing about the payer is checked. */
  private static final IdentityApi.PayerFacts NOT_ASKED =
      new IdentityApi.PayerFacts(false, false, false);

  Guards(OperationTypes types, Checks checks, RiskCheck risk, TwoFactorApi twoFactor,
      StatusApi status, IdentityApi identity, PaymentsProperties properties) {
    this.identity = identity;
    this.properties = properties;
    this.types = types;
    this.checks = checks;
    this.risk = risk;
    this.twoFactor = twoFactor;
    this.status = status;
  }

  /**
   * For the preview: the guards from {@link PaymentResultCode#OPERATION_UNAVAILABLE} to
   * {@link PaymentResultCode#MONTHLY_LIMIT_EXCEEDED}, in order, and the risk assessment (which
   * says whether the execution will ask for a second factor).
   */
  Passed check(CurrentUser user, PaymentRequest request) {
    Passed passed = beforeLimits(user, request);
    checks.requireWithinLimits(user, passed.plan());
    return passed;
  }

  /**
   * For the execution: the same guards in the same order, then
   * {@link PaymentResultCode#SECOND_FACTOR_REFUSED}. The limits are looked at here only when a
   * second factor will be asked, so nobody types a code for a payment a limit refuses; otherwise
   * their one look is the locked one when the row is recorded, with no guard in between (one
   * query less per payment).
   */
  Passed checkToExecute(CurrentUser user, PaymentRequest request, String secondFactorCode) {
    Passed passed = beforeLimits(user, request);
    if (passed.assessment().action() != RiskCheck.Action.STEP_UP) {
      return passed;
    }
    checks.requireWithinLimits(user, passed.plan());
    refuseAs(PaymentResultCode.SECOND_FACTOR_REFUSED, () -> {
      twoFactor.requireFreshSecondFactor(user, secondFactorCode);
      return null;
    });
    return passed;
  }

  private Passed beforeLimits(CurrentUser user, PaymentRequest request) {
    OperationType type = types.of(request);
    refuseAs(PaymentResultCode.OPERATION_UNAVAILABLE, () -> {
      type.statusComponent().ifPresent(status::requireAvailable);
      return null;
    });
    PaymentPlan plan = refuseAs(PaymentResultCode.REQUEST_INVALID,
        () -> type.plan(user, request));
    // Frozen, two-factor and new device in one read, for what leaves the payer's balance.
    IdentityApi.PayerFacts payer = plan.outgoing()
        ? identity.payerFacts(user, properties.newDeviceWindow()) : NOT_ASKED;
    checks.requireNotFrozen(plan, payer);
    checks.requireFunds(user, plan);
    return new Passed(plan, risk.assess(user, plan, payer));
  }

  /** Runs a check owned by another part (the planner, status, identity) as the named guard. */
  private static <T> T refuseAs(PaymentResultCode code, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (PaymentRefused refused) {
      throw refused;
    } catch (OkPayException refusal) {
      throw new PaymentRefused(code, refusal);
    }
  }

  /** A request that passed every guard before the second factor. */
  record Passed(PaymentPlan plan, RiskCheck.Assessment assessment) {
  }
}
