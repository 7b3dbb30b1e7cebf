package org.okpay.shared;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money and exchange rates as a reader of one language writes them: {@code ¥1,234.50} and
 * {@code US$1,234.50} in Chinese, {@code CN¥1,234.50} and {@code $1,234.50} in English (the JDK's
 * CLDR data), with the currency's own number of decimals (JPY none, KWD three). The amount is
 * {@code BigDecimal.valueOf(minor, exponent)}, exact: nothing is rounded and no {@code double}
 * ever holds it. Pages reach it through {@code @moneyText}, e-mails and notices directly.
 * Machine formats (CSV, JSON) keep plain numbers.
 */
public final class MoneyFormat {

  /** A rate keeps at least this many significant digits ("1 JPY = 0.006393 USD")… */
  static final int RATE_DIGITS_MIN = 4;
  /** …and at most this many ("1 USD = 156.420 JPY"); otherwise four decimals ("0.1408"). */
  static final int RATE_DIGITS_MAX = 6;
  static final int RATE_DECIMALS = 4;
  /** A reverse rate is computed to the precision rates are stored with, then shown rounded. */
  private static final MathContext RATE_MATH = new MathContext(12, RoundingMode.HALF_EVEN);

  /** How {@link Money#toString()} writes an amount ("12.50 USD"), which API problems carry. */
  private static final Pattern PLAIN = Pattern.compile("(-?\\d{1,19}(?:\\.\\d{1,4})?) ([A-Z]{3})");

  /**
   * Formatters built so far, by page locale and currency. Building one (CLDR look-ups, the
   * pattern parsed, the currency's symbol found) cost more than the rest of writing an amount, and
   * every payment writes several (issue 14); a {@link NumberFormat} is not thread-safe, so each
   * use gets a clone of the kept one, which is never used itself. Bounded, since a locale may
   * come from a request: past the limit formatters are built and not kept.
   */
  private static final ConcurrentHashMap<FormatKey, NumberFormat> PROTOTYPES =
      new ConcurrentHashMap<>();
  static final int PROTOTYPES_MAX = 256;

  private record FormatKey(Locale locale, Currency currency) {
  }

  private MoneyFormat() {
  }

  /** E.g. "¥1,234.50" (zh), "$1,234.50" (en), "-JP¥1,235" for a negative amount. */
  public static String format(long amountMinor, Currency currency, Locale locale) {
    return formatter(currency, locale).format(major(amountMinor, currency));
  }

  public static String format(Money money, Locale locale) {
    return format(money.amountMinor(), money.currency(), locale);
  }

  /** With an explicit sign for a change of balance: "+¥12.00", "-¥3.50", "¥0.00". */
  public static String signed(long amountMinor, Currency currency, Locale locale) {
    String text = format(amountMinor, currency, locale);
    return amountMinor > 0 ? "+" + text : text;
  }

  /** The currency's name in the reader's language: "美元", "US Dollar". */
  public static String name(Currency currency, Locale locale) {
    return currency.getDisplayName(pageLocale(locale));
  }

  /**
   * A rate for reading: four decimals, but never fewer than 4 or more than 6 significant digits
   * (0.1408, 7.1042, 156.420, 0.006393). Quotes and the ledger use the exact rate.
   */
  public static String rate(BigDecimal rate) {
    BigDecimal positive = rate.abs();
    if (positive.signum() == 0) {
      return "0";
    }
    int integerDigits = positive.precision() - positive.scale();
    int digits = Math.clamp(integerDigits + RATE_DECIMALS, RATE_DIGITS_MIN, RATE_DIGITS_MAX);
    BigDecimal shown = rate.setScale(Math.max(0, digits - integerDigits), RoundingMode.HALF_EVEN);
    return shown.toPlainString();
  }

  /** How many {@code source} one {@code target} buys, from the rate of source to target. */
  public static BigDecimal reverse(BigDecimal rate) {
    return BigDecimal.ONE.divide(rate, RATE_MATH);
  }

  /**
   * An amount written the way {@link Money#toString()} writes it ("1000.00 USD"), as API
   * problems carry it; empty for any other text.
   */
  public static Optional<Money> parsePlain(String text) {
    Matcher m = text == null ? null : PLAIN.matcher(text.strip());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    try {
      Currency currency = Currency.getInstance(m.group(2));
      int exponent = Math.max(currency.getDefaultFractionDigits(), 0);
      return Optional.of(new Money(new BigDecimal(m.group(1)).movePointRight(exponent)
          .longValueExact(), currency));
    } catch (IllegalArgumentException | ArithmeticException notMoney) {
      return Optional.empty();
    }
  }

  private static BigDecimal major(long amountMinor, Currency currency) {
    return BigDecimal.valueOf(amountMinor, Math.max(currency.getDefaultFractionDigits(), 0));
  }

  private static NumberFormat formatter(Currency currency, Locale locale) {
    FormatKey key = new FormatKey(pageLocale(locale), currency);
    NumberFormat prototype = PROTOTYPES.get(key);
    if (prototype == null) {
      prototype = build(currency, key.locale());
      if (PROTOTYPES.size() < PROTOTYPES_MAX) {
        PROTOTYPES.putIfAbsent(key, prototype);
      }
    }
    return (NumberFormat) prototype.clone();
  }

  private static NumberFormat build(Currency currency, Locale pageLocale) {
    NumberFormat format = NumberFormat.getCurrencyInstance(pageLocale);
    format.setCurrency(currency);
    int exponent = Math.max(currency.getDefaultFractionDigits(), 0);
    format.setMinimumFractionDigits(exponent);
    format.setMaximumFractionDigits(exponent);
    format.setGroupingUsed(true);
    // The amount has exactly the currency's decimals: a rounding here would be a bug, not a choice.
    format.setRoundingMode(RoundingMode.UNNECESSARY);
    if (format instanceof DecimalFormat decimal) {
      decimal.setParseBigDecimal(true);
    }
    return format;
  }

  /** OKPay writes Simplified Chinese for any Chinese reader, and English otherwise. */
  static Locale pageLocale(Locale locale) {
    if (locale != null && "zh".equals(locale.getLanguage())) {
      return Locale.SIMPLIFIED_CHINESE;
    }
    return locale == null ? Locale.ENGLISH : locale;
  }
}
