package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Money and rates as each language writes them, exactly, from minor units. */
class MoneyFormatTest {

  private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  private static final Locale EN = Locale.ENGLISH;

  @ParameterizedTest(name = "{0} {1} in zh: {2}, in en: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      123450     | CNY | ¥1,234.50          | CN¥1,234.50
      123450     | USD | US$1,234.50        | $1,234.50
      123450     | EUR | €1,234.50          | €1,234.50
      123450     | GBP | £1,234.50          | £1,234.50
      123450     | HKD | HK$1,234.50        | HK$1,234.50
      1234       | JPY | JP¥1,234           | ¥1,234
      0          | USD | US$0.00            | $0.00
      1          | USD | US$0.01            | $0.01
      -123450    | CNY | -¥1,234.50         | -CN¥1,234.50
      -1         | JPY | -JP¥1              | -¥1
      123456789  | USD | US$1,234,567.89    | $1,234,567.89
      1234567    | KWD | KWD1,234.567       | KWD1,234.567
      -5         | BHD | -BHD0.005          | -BHD0.005
      """)
  void writesGroupingSymbolAndTheCurrencysOwnDecimals(long minor, String code, String zh,
      String en) {
    Currency currency = Currency.getInstance(code);

    assertThat(MoneyFormat.format(minor, currency, ZH)).isEqualTo(zh);
    assertThat(MoneyFormat.format(minor, currency, Locale.forLanguageTag("zh-CN"))).isEqualTo(zh);
    assertThat(MoneyFormat.format(minor, currency, EN)).isEqualTo(en);
  }

  @Test
  void theLargestAmountIsWrittenExactlyWithoutADouble() {
    // 2^63 - 1 cents: a double would round the last digits away.
    assertThat(MoneyFormat.format(Long.MAX_VALUE, Currency.getInstance("USD"), EN))
        .isEqualTo("$92,233,720,368,547,758.07");
    assertThat(MoneyFormat.format(Long.MIN_VALUE, Currency.getInstance("JPY"), EN))
        .isEqualTo("-¥9,223,372,036,854,775,808");
  }

  @Test
  void signsAChangeOfBalance() {
    Currency usd = Currency.getInstance("USD");

    assertThat(MoneyFormat.signed(1250, usd, ZH)).isEqualTo("+US$12.50");
    assertThat(MoneyFormat.signed(-1250, usd, ZH)).isEqualTo("-US$12.50");
    assertThat(MoneyFormat.signed(0, usd, EN)).isEqualTo("$0.00");
  }

  @Test
  void namesCurrenciesInTheReadersLanguage() {
    assertThat(MoneyFormat.name(Currency.getInstance("USD"), ZH)).isEqualTo("美元");
    assertThat(MoneyFormat.name(Currency.getInstance("CNY"), ZH)).isEqualTo("人民币");
    assertThat(MoneyFormat.name(Currency.getInstance("HKD"), ZH)).isEqualTo("港元");
    assertThat(MoneyFormat.name(Currency.getInstance("CNY"), EN)).isEqualTo("Chinese Yuan");
    assertThat(MoneyFormat.name(Currency.getInstance("JPY"), EN)).isEqualTo("Japanese Yen");
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({
      "0.140761802877, 0.1408",
      "7.1042, 7.1042",
      "7.1, 7.1000",
      "156.42, 156.420",
      "0.00639304436773, 0.006393",
      "1.15821, 1.1582",
      "0.0000123456, 0.00001235",
      "1234.5678, 1234.57",
      "12345678, 12345678",
      "1, 1.0000"})
  void writesRatesWithFourToSixSignificantDigits(String rate, String shown) {
    assertThat(MoneyFormat.rate(new BigDecimal(rate))).isEqualTo(shown);
  }

  @Test
  void reversesARate() {
    assertThat(MoneyFormat.rate(MoneyFormat.reverse(new BigDecimal("0.140761802877"))))
        .isEqualTo("7.1042");
    assertThat(MoneyFormat.rate(MoneyFormat.reverse(new BigDecimal("156.42"))))
        .isEqualTo("0.006393");
  }

  @Test
  void readsTheAmountsApiProblemsCarry() {
    assertThat(MoneyFormat.parsePlain("1000.00 USD")).contains(Money.of(100000, "USD"));
    assertThat(MoneyFormat.parsePlain("5000 JPY")).contains(Money.of(5000, "JPY"));
    assertThat(MoneyFormat.parsePlain("-3.50 EUR")).contains(Money.of(-350, "EUR"));
    assertThat(MoneyFormat.parsePlain("2026-11-25T10:00:00Z")).isEmpty();
    assertThat(MoneyFormat.parsePlain("1.001 USD")).isEmpty();
    assertThat(MoneyFormat.parsePlain("12.00 XYZ")).isEmpty();
    assertThat(MoneyFormat.parsePlain(null)).isEmpty();
  }
}
