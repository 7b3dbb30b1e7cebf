package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.Account;
import org.okpay.payments.PricingApi;
import org.okpay.payments.Limit;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * The checks before anything is recorded: frozen account, available balance, velocity, daily and
 * monthly limits (per UTC day and month). Each failure says what the user can do.
 */
@Component
class Checks {

  private final IdentityApi identity;
  private final LedgerAccounts accounts;
  private final LimitUsage usage;
  private final PricingApi pricing;
  private final PaymentsProperties properties;
  private final Clock clock;

  Checks(IdentityApi identity, LedgerAccounts accounts, LimitUsage usage, PricingApi pricing,
      PaymentsProperties properties, Clock clock) {
    this.identity = identity;
    this.accounts = accounts;
    this.usage = usage;
    this.pricing = pricing;
    this.properties = properties;
    this.clock = clock;
  }

  /** Frozen accounts receive but do not send; the balance must cover amount and fee. */
  void requireFunds(CurrentUser user, Plan plan) {
    if (!plan.outgoing()) {
      return;
    }
    if (identity.frozen(user.userId())) {
      throw new OkPayException(ErrorCode.ACCOUNT_FROZEN);
    }
    long available = available(user, plan);
    if (available < plan.totalMinor()) {
      throw new OkPayException(ErrorCode.INSUFFICIENT_FUNDS, Map.of(
          "available", new Money(available, plan.currency()).toString(),
          "required", new Money(plan.totalMinor(), plan.currency()).toString()));
    }
  }

  long available(CurrentUser user, Plan plan) {
    return accounts.existingWallet(user.userId(), plan.currency())
        .map(Account::availableMinor).orElse(0L);
  }

  /** Velocity and limits; call with the user locked ({@link LimitUsage#lockUser}). */
  void requireWithinLimits(CurrentUser user, Plan plan) {
    Instant now = clock.instant();
    Left left = left(user, plan);
    if (left.recent() >= properties.velocityMax()) {
      throw new OkPayException(ErrorCode.VELOCITY_LIMIT,
          Map.of("retryAfterSeconds", properties.velocityWindow().toSeconds()));
    }
    if (left.dailyMinor() < 0) {
      throw limitExceeded("daily", left.limit().dailyMinor(), left.dailyMinor() + plan
          .limitAmountMinor(), left.limit(), startOfTomorrow(now));
    }
    if (left.monthlyMinor() < 0) {
      throw limitExceeded("monthly", left.limit().monthlyMinor(), left.monthlyMinor() + plan
          .limitAmountMinor(), left.limit(), startOfNextMonth(now));
    }
  }

  /** What would be left of each limit after this plan; negative when it does not fit. */
  Left left(CurrentUser user, Plan plan) {
    Instant now = clock.instant();
    Limit limit = pricing.limit(plan.operation(), user.emailVerified());
    LimitUsage.Usage used = usage.usage(user.userId(), plan.operation(),
        now.minus(properties.velocityWindow()), startOfToday(now), startOfMonth(now));
    return new Left(limit, limit.dailyMinor() - used.dayMinor() - plan.limitAmountMinor(),
        limit.monthlyMinor() - used.monthMinor() - plan.limitAmountMinor(), used.recent());
  }

  private static OkPayException limitExceeded(String period, long limitMinor, long remainingMinor,
      Limit limit, Instant resetsAt) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("period", period);
    details.put("limit", new Money(limitMinor, limit.limitCurrency()).toString());
    details.put("remaining", new Money(Math.max(0, remainingMinor), limit.limitCurrency())
        .toString());
    details.put("resetsAt", resetsAt.toString());
    return new OkPayException(ErrorCode.LIMIT_EXCEEDED, details);
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
