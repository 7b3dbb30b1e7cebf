package org.okpay.payments.internal.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.payments.Fee;
import org.okpay.payments.FeeRule;
import org.okpay.payments.Operation;
import org.junit.jupiter.api.Test;

/** Fee arithmetic, one line per case: rule, amount, expected fee and the rule that gave it. */
class FeeScheduleTest {

  private static final FeeSchedule SCHEDULE = new FeeSchedule(List.of(
      rule(Operation.CONVERT, "*", 0, "0.5", 0, 0),
      rule(Operation.CONVERT, "GBP", 0, "0.25", 0, 0),
      rule(Operation.TOPUP_CARD, "USD", 30, "2.9", 0, 0),
      rule(Operation.CROSS_BORDER, "USD", 0, "1", 200, 0),
      rule(Operation.CROSS_BORDER, "JPY", 0, "1", 300, 0),
      rule(Operation.WITHDRAWAL, "EUR", 0, "1", 100, 500),
      rule(Operation.WITHDRAWAL, "CNY", 200, "0", 0, 0),
      rule(Operation.P2P, "*", 0, "0", 0, 0)));

  static Stream<Arguments> cases() {
    return Stream.of(
        // percent, rounded half-up to a minor unit
        Arguments.of(Operation.CONVERT, "USD", 10_000, 50, "convert:*"),
        Arguments.of(Operation.CONVERT, "USD", 100, 1, "convert:*"),    // 0.5 -> 1
        Arguments.of(Operation.CONVERT, "USD", 99, 0, "convert:*"),     // 0.495 -> 0
        Arguments.of(Operation.CONVERT, "USD", 101, 1, "convert:*"),    // 0.505 -> 1
        Arguments.of(Operation.CONVERT, "USD", 300, 2, "convert:*"),    // 1.5 -> 2 (not even)
        Arguments.of(Operation.CONVERT, "USD", 500, 3, "convert:*"),    // 2.5 -> 3 (not even)
        // the currency's own rule over "*"
        Arguments.of(Operation.CONVERT, "GBP", 10_000, 25, "convert:GBP"),
        Arguments.of(Operation.CONVERT, "GBP", 200, 1, "convert:GBP"),  // 0.5 -> 1
        // fixed + percent
        Arguments.of(Operation.TOPUP_CARD, "USD", 10_000, 320, "topup_card:USD"),
        Arguments.of(Operation.TOPUP_CARD, "USD", 1, 30, "topup_card:USD"),
        Arguments.of(Operation.TOPUP_CARD, "USD", 0, 30, "topup_card:USD"),
        Arguments.of(Operation.TOPUP_CARD, "USD", 1_724, 80, "topup_card:USD"), // 49.996 -> 50
        // minimum
        Arguments.of(Operation.CROSS_BORDER, "USD", 10_000, 200, "cross_border:USD"),
        Arguments.of(Operation.CROSS_BORDER, "USD", 20_049, 200, "cross_border:USD"),
        Arguments.of(Operation.CROSS_BORDER, "USD", 100_000, 1_000, "cross_border:USD"),
        // JPY has no minor digits: a minor unit is one yen
        Arguments.of(Operation.CROSS_BORDER, "JPY", 10_000, 300, "cross_border:JPY"),
        Arguments.of(Operation.CROSS_BORDER, "JPY", 1_000_000, 10_000, "cross_border:JPY"),
        Arguments.of(Operation.CONVERT, "JPY", 999, 5, "convert:*"),    // 4.995 -> 5
        Arguments.of(Operation.CONVERT, "JPY", 899, 4, "convert:*"),    // 4.495 -> 4
        // minimum and maximum
        Arguments.of(Operation.WITHDRAWAL, "EUR", 5_000, 100, "withdrawal:EUR"),
        Arguments.of(Operation.WITHDRAWAL, "EUR", 30_000, 300, "withdrawal:EUR"),
        Arguments.of(Operation.WITHDRAWAL, "EUR", 100_000, 500, "withdrawal:EUR"),
        // fixed only, and a free rule
        Arguments.of(Operation.WITHDRAWAL, "CNY", 1, 200, "withdrawal:CNY"),
        Arguments.of(Operation.P2P, "HKD", 10_000, 0, "p2p:*"),
        // no rule at all: free
        Arguments.of(Operation.WITHDRAWAL, "USD", 10_000, 0, Fee.NO_RULE),
        Arguments.of(Operation.TOPUP_BANK, "CNY", 10_000, 0, Fee.NO_RULE),
        // the largest amount: exact, no overflow
        Arguments.of(Operation.CONVERT, "USD", 10_000_000_000_000L, 50_000_000_000L, "convert:*"));
  }

  @ParameterizedTest(name = "{0} {2} {1} -> {3} ({4})")
  @MethodSource("cases")
  void feeIsExact(Operation operation, String currency, long amountMinor, long feeMinor,
      String rule) {
    Fee fee = SCHEDULE.fee(operation, Currency.getInstance(currency), amountMinor);

    assertThat(fee.feeMinor()).isEqualTo(feeMinor);
    assertThat(fee.rule()).isEqualTo(rule);
    assertThat(fee.currency().getCurrencyCode()).isEqualTo(currency);
  }

  static Stream<Arguments> badSchedules() {
    return Stream.of(
        Arguments.of(List.of(rule(Operation.CONVERT, "*", 0, "0.5", 0, 0),
            rule(Operation.CONVERT, "*", 0, "1", 0, 0)), "two rules for convert:*"),
        Arguments.of(List.of(rule(Operation.CONVERT, "CHF", 0, "0.5", 0, 0)), "currency"),
        Arguments.of(List.of(rule(Operation.CONVERT, "*", 100, "0.5", 0, 0)), "percent only"),
        Arguments.of(List.of(rule(Operation.CONVERT, "*", 0, "0.5", 100, 0)), "percent only"),
        Arguments.of(List.of(rule(Operation.CONVERT, "USD", 0, "50", 0, 0)), "percent"),
        Arguments.of(List.of(rule(Operation.CONVERT, "USD", 0, "-1", 0, 0)), "percent"),
        Arguments.of(List.of(rule(Operation.CONVERT, "USD", 0, "0.12345", 0, 0)), "decimals"),
        Arguments.of(List.of(rule(Operation.CONVERT, "USD", -1, "0", 0, 0)), "fixed-minor"),
        Arguments.of(List.of(rule(Operation.CONVERT, "USD", 0, "1", 500, 100)), "below min"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSchedules")
  void aMistakeInTheScheduleStopsTheStart(List<FeeRule> rules, String message) {
    assertThatThrownBy(() -> new FeeSchedule(rules))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }

  @Test
  void anUnknownOperationInTheConfigurationIsNamed() {
    assertThatThrownBy(() -> FeeSchedule.of(List.of(new PricingProperties.FeeRuleConfig(
        "teleport", "*", 0, BigDecimal.ONE, 0, 0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teleport");
  }

  @Test
  void limitsNeedEveryOperationAndSaneCaps() {
    List<PricingProperties.LimitConfig> all = Stream.of(Operation.values())
        .map(o -> new PricingProperties.LimitConfig(o.key(), 1_000, 5_000, 100, 500)).toList();
    LimitTable table = new LimitTable("USD", all);
    assertThat(table.limit(Operation.P2P, true).dailyMinor()).isEqualTo(1_000);
    assertThat(table.limit(Operation.P2P, false).monthlyMinor()).isEqualTo(500);

    assertThatThrownBy(() -> new LimitTable("USD", all.subList(1, all.size())))
        .hasMessageContaining("no line for topup_card");
    List<PricingProperties.LimitConfig> dailyAboveMonthly = Stream.of(Operation.values())
        .map(o -> new PricingProperties.LimitConfig(o.key(), 9_000, 5_000, 100, 500)).toList();
    assertThatThrownBy(() -> new LimitTable("USD", dailyAboveMonthly))
        .hasMessageContaining("daily cap above the monthly");
    List<PricingProperties.LimitConfig> unverifiedMore = Stream.of(Operation.values())
        .map(o -> new PricingProperties.LimitConfig(o.key(), 100, 500, 1_000, 5_000)).toList();
    assertThatThrownBy(() -> new LimitTable("USD", unverifiedMore))
        .hasMessageContaining("unverified users would get more");
    assertThatThrownBy(() -> new LimitTable("CHF", all)).hasMessageContaining("limit-currency");
  }

  private static FeeRule rule(Operation operation, String currency, long fixedMinor,
      String percent, long minMinor, long maxMinor) {
    return new FeeRule(operation, currency, fixedMinor, new BigDecimal(percent), minMinor,
        maxMinor);
  }
}
