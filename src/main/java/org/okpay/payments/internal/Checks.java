package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.Account;
import org.okpay.payments.Limit;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentResultCode;
import org.okpay.shared.Money;
import org.springframework.stereotype.Component;

/**
 * The checks of the user's money before anything is recorded: frozen account, available balance,
 * velocity, daily and monthly limits (per UTC day and month). Each failure says what the user can
 * do. {@link Guards} runs them in {@link PaymentResultCode} order.
 */
@Component
class Checks {

  private final IdentityApi identity;
  private final LedgerAccounts accounts;
  private final LimitUsage usage;
  private final OperationTypes types;
  private final PaymentsProperties properties;
  private final Clock clock;

  Checks(IdentityApi identity, LedgerAccounts accounts, LimitUsage usage, OperationTypes types,
      PaymentsProperties properties, Clock clock) {
    this.identity = identity;
    this.accounts = accounts;
    this.usage = usage;
    this.types = types;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Frozen accounts receive but do not send ({@link PaymentResultCode#ACCOUNT_FROZEN});
   * {@code payer} is read for outgoing plans only.
   */
  void requireNotFrozen(PaymentPlan plan, IdentityApi.PayerFacts payer) {
    if (plan.outgoing() && payer.frozen()) {
      throw new PaymentRefused(PaymentResultCode.ACCOUNT_FROZEN, Map.of());
    }
  }

  /** The balance must cover amount and fee ({@link PaymentResultCode#INSUFFICIENT_FUNDS}). */
  void requireFunds(CurrentUser user, PaymentPlan plan) {
    if (!plan.outgoing()) {
      return;
    }
    long available = available(user, plan);
    if (available < plan.totalMinor()) {
      throw new PaymentRefused(PaymentResultCode.INSUFFICIENT_FUNDS, Map.of(
          "available", new Money(available, plan.currency()).toString(),
          "required", new Money(plan.totalMinor(), plan.currency()).toString()));
    }
  }

  long available(CurrentUser user, PaymentPlan plan) {
    return accounts.existingWallet(user.userId(), plan.currency())
        .map(Account::availableMinor).orElse(0L);
  }

  /**
   * Velocity, then the daily and the monthly limit. Checked once before the second factor (a
   * fast refusal) and again with the user locked ({@link LimitUsage#lockUser}) when recording.
   */
  void requireWithinLimits(CurrentUser user, PaymentPlan plan) {
    Instant now = clock.instant();
    Window window = window(now);
    LimitUsage.Usage used = usage.usage(user.userId(), plan.operation(), window.velocitySince(),
        window.daySince(), window.monthSince());
    Optional<PaymentRefused> refused = refusal(user, plan, used, now);
    if (refused.isPresent()) {
      throw refused.get();
    }
  }

  /**
   * Why {@code plan} does not fit when the user has already {@code used} this much at
   * {@code now} (velocity, then daily, then monthly); empty when it fits. The one rule behind
   * {@link #requireWithinLimits} and the recorder's batches ({@link RecordBatch}), so both
   * answer with the same codes and details.
   */
  Optional<PaymentRefused> refusal(CurrentUser user, PaymentPlan plan, LimitUsage.Usage used,
      Instant now) {
    Left left = left(types.of(plan.operation()).limit(user.emailVerified()), used, plan);
    if (left.recent() >= properties.velocityMax()) {
      return Optional.of(new PaymentRefused(PaymentResultCode.VELOCITY_LIMIT,
          Map.of("retryAfterSeconds", properties.velocityWindow().toSeconds())));
    }
    if (left.dailyMinor() < 0) {
      return Optional.of(limitExceeded(PaymentResultCode.DAILY_LIMIT_EXCEEDED, "daily",
          left.limit().dailyMinor(), left.dailyMinor() + plan.limitAmountMinor(), left.limit(),
          startOfTomorrow(now)));
    }
    if (left.monthlyMinor() < 0) {
      return Optional.of(limitExceeded(PaymentResultCode.MONTHLY_LIMIT_EXCEEDED, "monthly",
          left.limit().monthlyMinor(), left.monthlyMinor() + plan.limitAmountMinor(),
          left.limit(), startOfNextMonth(now)));
    }
    return Optional.empty();
  }

  /** What would be left of each limit after this plan; negative when it does not fit. */
  Left left(CurrentUser user, PaymentPlan plan) {
    Window window = window(clock.instant());
    LimitUsage.Usage used = usage.usage(user.userId(), plan.operation(),
        window.velocitySince(), window.daySince(), window.monthSince());
    return left(types.of(plan.operation()).limit(user.emailVerified()), used, plan);
  }

  private static Left left(Limit limit, LimitUsage.Usage used, PaymentPlan plan) {
    return new Left(limit, limit.dailyMinor() - used.dayMinor() - plan.limitAmountMinor(),
        limit.monthlyMinor() - used.monthMinor() - plan.limitAmountMinor(), used.recent());
  }

  /** Since when usage counts at {@code now}: the velocity window, the UTC day and month. */
  Window window(Instant now) {
    return new Window(now.minus(properties.velocityWindow()), startOfToday(now),
        startOfMonth(now));
  }

  record Window(Instant velocitySince, Instant daySince, Instant monthSince) {
  }

  private static PaymentRefused limitExceeded(PaymentResultCode code, String period,
      long limitMinor, long remainingMinor, Limit limit, Instant resetsAt) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("period", period);
    details.put("limit", new Money(limitMinor, limit.limitCurrency()).toString());
    details.put("remaining", new Money(Math.max(0, remainingMinor), limit.limitCurrency())
        .toString());
    details.put("resetsAt", resetsAt.toString());
    return new PaymentRefused(code, details);
  }

  private static Instant startOfToday(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant startOfTomorrow(Instant now) {
    return startOfToday(now).plusSeconds(86_400);
  }

  private static Instant startOfMonth(Instant now) {
    return YearMonth.from(now.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }

  private static Instant startOfNextMonth(Instant now) {
    return YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** @param recent money-moving requests in the velocity window so far */
  record Left(Limit limit, long dailyMinor, long monthlyMinor, int recent) {
  }
}
