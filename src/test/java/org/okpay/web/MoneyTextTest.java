package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.payments.Fee;
import org.okpay.payments.FeeRule;
import org.okpay.payments.Limit;
import org.okpay.payments.Operation;
import org.okpay.payments.PricingApi;
import org.okpay.shared.Money;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Rates both ways and their age, with the real message files, in both languages. */
class MoneyTextTest {

  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final Currency CNY = Currency.getInstance("CNY");
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency JPY = Currency.getInstance("JPY");

  private final MoneyText text = new MoneyText(messages(), null, null,
      Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void resetLocale() {
    LocaleContextHolder.resetLocaleContext();
  }

  @Test
  void writesARateBothWays() {
    assertThat(text.rates(CNY, USD, new BigDecimal("0.140761802877")))
        .isEqualTo("1 CNY = 0.1408 USD · 1 USD = 7.1042 CNY");
    assertThat(text.rates(USD, JPY, new BigDecimal("156.42")))
        .isEqualTo("1 USD = 156.420 JPY · 1 JPY = 0.006393 USD");
    assertThat(text.rates(USD, JPY, null)).isEmpty();
  }

  @Test
  void labelsARateByItsRealAgeInEnglish() {
    LocaleContextHolder.setLocale(Locale.ENGLISH);

    assertThat(text.rateAge(NOW.minusSeconds(20))).isEqualTo("Rate updated just now");
    assertThat(text.rateAge(NOW.minus(Duration.ofMinutes(1)))).isEqualTo(
        "Rate updated 1 minute ago");
    assertThat(text.rateAge(NOW.minus(Duration.ofMinutes(3)))).isEqualTo(
        "Rate updated 3 minutes ago");
    assertThat(text.rateAge(NOW.minus(Duration.ofHours(5)))).isEqualTo(
        "Rate updated 5 hours ago");
    assertThat(text.rateAge(NOW.minus(Duration.ofDays(11)))).isEqualTo(
        "Rate updated 11 days ago");
  }

  @Test
  void labelsARateByItsRealAgeInChineseAndNeverCallsOldRatesTodays() {
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);

    assertThat(text.rateAge(NOW)).isEqualTo("汇率刚刚更新");
    assertThat(text.rateAge(NOW.minus(Duration.ofMinutes(3)))).isEqualTo("汇率更新于 3 分钟前");
    assertThat(text.rateAge(NOW.minus(Duration.ofHours(2)))).isEqualTo("汇率更新于 2 小时前");
    assertThat(text.rateAge(NOW.minus(Duration.ofDays(11)).minusSeconds(1)))
        .isEqualTo("汇率更新于 11 天前").doesNotContain("今日");
  }

  @Test
  void namesTheCurrencyWhereTheUserPicksOne() {
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
    assertThat(text.choice(USD)).isEqualTo("USD — 美元");
    assertThat(text.of(123_450, CNY)).isEqualTo("¥1,234.50");
    LocaleContextHolder.setLocale(Locale.ENGLISH);
    assertThat(text.choice(CNY)).isEqualTo("CNY — Chinese Yuan");
    assertThat(text.of(123_450, CNY)).isEqualTo("CN¥1,234.50");
    assertThat(text.signed(-350, USD)).isEqualTo("-$3.50");
  }

  @Test
  void showsALimitInTheReadersCurrencyApproximatelyBesideItsOwnAmount() {
    MoneyText converting = new MoneyText(messages(), sevenYuanADollar(), null,
        Clock.fixed(NOW, ZoneOffset.UTC));
    MoneyPageText page = new MoneyPageText(converting, messages(),
        new org.okpay.shared.LocalTimes(messages(), Clock.fixed(NOW, ZoneOffset.UTC)));
    LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);

    assertThat(converting.approx(new Money(90_000, USD), CNY)).isEqualTo("约 ¥6,300.00（US$900.00）");
    assertThat(converting.approx(new Money(90_000, USD), USD)).isEqualTo("US$900.00");
    assertThat(page.limitFact("1000.00 USD")).isEqualTo("约 ¥7,000.00（US$1,000.00）");
    assertThat(page.limitFact("2026-11-26T00:00:00Z")).doesNotContain("¥");
    LocaleContextHolder.setLocale(Locale.ENGLISH);
    assertThat(page.limitFact("1000.00 USD")).isEqualTo("$1,000.00");
  }

  /** Limits counted in USD; a dollar buys exactly 7 yuan. */
  private static PricingApi sevenYuanADollar() {
    return new PricingApi() {
      public Fee fee(Operation operation, Currency currency, long amountMinor) {
        throw new UnsupportedOperationException();
      }

      public List<FeeRule> feeSchedule() {
        return List.of();
      }

      public Limit limit(Operation operation, boolean verified) {
        throw new UnsupportedOperationException();
      }

      public List<Limit> limits(boolean verified) {
        return List.of();
      }

      public Currency limitCurrency() {
        return USD;
      }

      public long equivalentMinor(long amountMinor, Currency from, Currency to) {
        return from.equals(to) ? amountMinor : Math.multiplyExact(amountMinor, 7);
      }
    };
  }

  private static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    source.setBasename("messages");
    source.setDefaultEncoding(StandardCharsets.UTF_8.name());
    source.setFallbackToSystemLocale(false);
    return source;
  }
}
