package org.okpay.payments.internal.fx;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.okpay.payments.Fee;
import org.okpay.payments.FeeRule;
import org.okpay.payments.Operation;
import org.okpay.payments.SupportedCurrencies;

/**
 * The fee schedule and its arithmetic, exact in {@code long} and {@code BigDecimal}. The rules
 * are checked once, when the schedule is built; after that a fee is always computable.
 */
final class FeeSchedule {

  /** Most rules a schedule may have: one per operation and currency, and "*". */
  static final int RULES_MAX = Operation.values().length * (SupportedCurrencies.ALL.size() + 1);
  /** A percent above this is a typo (50 instead of 0.50), not a price. */
  static final BigDecimal PERCENT_MAX = BigDecimal.valueOf(20);
  static final int PERCENT_SCALE_MAX = 4;
  /** A fixed fee, minimum or maximum above 10^9 minor units is a typo too. */
  static final long MINOR_MAX = 1_000_000_000L;

  private final List<FeeRule> rules;

  FeeSchedule(List<FeeRule> rules) {
    if (rules.size() > RULES_MAX) {
      throw new IllegalArgumentException("okpay.payments.fees: more than " + RULES_MAX + " rules");
    }
    Set<String> keys = new HashSet<>();
    for (FeeRule rule : rules) {
      check(rule);
      if (!keys.add(rule.key())) {
        throw new IllegalArgumentException("okpay.payments.fees: two rules for " + rule.key());
      }
    }
    this.rules = List.copyOf(rules);
  }

  static FeeSchedule of(List<PricingProperties.FeeRuleConfig> configs) {
    return new FeeSchedule(configs.stream().map(FeeSchedule::rule).toList());
  }

  private static FeeRule rule(PricingProperties.FeeRuleConfig c) {
    Operation operation;
    try {
      operation = Operation.fromKey(String.valueOf(c.operation()).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("okpay.payments.fees: unknown operation " + c.operation()
          + "; one of topup_card, topup_bank, withdrawal, p2p, convert, cross_border");
    }
    String currency = c.currency().strip().toUpperCase(Locale.ROOT);
    return new FeeRule(operation, currency, c.fixedMinor(), c.percent().stripTrailingZeros(),
        c.minMinor(), c.maxMinor());
  }

  private static void check(FeeRule r) {
    String at = "okpay.payments.fees rule " + r.key() + ": ";
    if (!r.anyCurrency() && SupportedCurrencies.ALL.stream()
        .noneMatch(c -> c.getCurrencyCode().equals(r.currency()))) {
      throw new IllegalArgumentException(at + "currency must be \"*\" or one of "
          + SupportedCurrencies.ALL);
    }
    if (r.percent().signum() < 0 || r.percent().compareTo(PERCENT_MAX) > 0
        || r.percent().scale() > PERCENT_SCALE_MAX) {
      throw new IllegalArgumentException(at + "percent must be 0.." + PERCENT_MAX
          + " with at most " + PERCENT_SCALE_MAX + " decimals");
    }
    for (long minor : new long[] {r.fixedMinor(), r.minMinor(), r.maxMinor()}) {
      if (minor < 0 || minor > MINOR_MAX) {
        throw new IllegalArgumentException(at + "fixed-minor, min-minor, max-minor must be 0.."
            + MINOR_MAX);
      }
    }
    if (r.maxMinor() != 0 && r.maxMinor() < r.minMinor()) {
      throw new IllegalArgumentException(at + "max-minor is below min-minor");
    }
    if (r.anyCurrency() && (r.fixedMinor() != 0 || r.minMinor() != 0 || r.maxMinor() != 0)) {
      // 100 minor units are 1 US dollar but 100 yen: an amount is only meaningful per currency.
      throw new IllegalArgumentException(at + "a \"*\" rule may have a percent only; "
          + "give fixed, minimum and maximum amounts per currency");
    }
  }

  List<FeeRule> rules() {
    return rules;
  }

  /** The currency's own rule, else the operation's "*" rule, else none (free). */
  Fee fee(Operation operation, Currency currency, long amountMinor) {
    if (amountMinor < 0) {
      throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
    }
    FeeRule own = null;
    FeeRule any = null;
    for (FeeRule r : rules) {
      if (r.operation() == operation && r.currency().equals(currency.getCurrencyCode())) {
        own = r;
      } else if (r.operation() == operation && r.anyCurrency()) {
        any = r;
      }
    }
    FeeRule rule = own != null ? own : any;
    if (rule == null) {
      return new Fee(0, currency, Fee.NO_RULE);
    }
    return new Fee(apply(rule, amountMinor), currency, rule.key());
  }

  /** fixed + amount × percent / 100 rounded half-up to a minor unit, then within [min, max]. */
  static long apply(FeeRule rule, long amountMinor) {
    long percentPart = BigDecimal.valueOf(amountMinor).multiply(rule.percent()).movePointLeft(2)
        .setScale(0, RoundingMode.HALF_UP).longValueExact();
    long fee = Math.addExact(rule.fixedMinor(), percentPart);
    fee = Math.max(fee, rule.minMinor());
    if (rule.maxMinor() > 0) {
      fee = Math.min(fee, rule.maxMinor());
    }
    return fee;
  }
}
