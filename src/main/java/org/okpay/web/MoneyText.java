package org.okpay.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import org.okpay.payments.FxApi;
import org.okpay.payments.PricingApi;
import org.okpay.shared.Money;
import org.okpay.shared.MoneyFormat;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Money, currencies and exchange rates on pages, in the reader's language, e.g.
 * {@code ${@moneyText.of(1234, account.currency)}} is "¥12.34" in Chinese and "CN¥12.34" in
 * English. The one place pages format money: {@link MoneyFormat} does the writing.
 */
@Component("moneyText")
public class MoneyText {

  private final MessageSource messages;
  private final PricingApi pricing;
  private final FxApi fx;
  private final Clock clock;

  MoneyText(MessageSource messages, PricingApi pricing, FxApi fx, Clock clock) {
    this.messages = messages;
    this.pricing = pricing;
    this.fx = fx;
    this.clock = clock;
  }

  public String of(long amountMinor, Currency currency) {
    return MoneyFormat.format(amountMinor, currency, locale());
  }

  public String of(Money amount) {
    return amount == null ? "" : of(amount.amountMinor(), amount.currency());
  }

  /** With an explicit sign, for statement changes: +US$12.00, -US$3.50. */
  public String signed(long amountMinor, Currency currency) {
    return MoneyFormat.signed(amountMinor, currency, locale());
  }

  /** The currency's name: "美元", "US Dollar". */
  public String name(Currency currency) {
    return MoneyFormat.name(currency, locale());
  }

  /** How a currency reads where the user picks one: "USD — 美元". */
  public String choice(Currency currency) {
    return currency.getCurrencyCode() + " — " + name(currency);
  }

  /** A rate for reading, e.g. "0.1408" (see {@link MoneyFormat#rate}). */
  public String rate(BigDecimal rate) {
    return rate == null ? "" : MoneyFormat.rate(rate);
  }

  /** A rate both ways: "1 CNY = 0.1408 USD · 1 USD = 7.1042 CNY". */
  public String rates(Currency source, Currency target, BigDecimal rate) {
    if (rate == null || rate.signum() <= 0) {
      return "";
    }
    return "1 " + source.getCurrencyCode() + " = " + MoneyFormat.rate(rate) + " "
        + target.getCurrencyCode() + " · 1 " + target.getCurrencyCode() + " = "
        + MoneyFormat.rate(MoneyFormat.reverse(rate)) + " " + source.getCurrencyCode();
  }

  /**
   * How old a rate is, by its real age: "rate updated just now", "… 3 minutes ago", "… 11 days
   * ago". Stale rates are never called today's.
   */
  public String rateAge(Instant asOf) {
    if (asOf == null) {
      return "";
    }
    Duration age = Duration.between(asOf, clock.instant());
    if (age.isNegative() || age.toMinutes() < 1) {
      return text("money.rateAge.now");
    }
    if (age.toHours() < 1) {
      return text("money.rateAge.minutes", age.toMinutes());
    }
    if (age.toDays() < 1) {
      return text("money.rateAge.hours", age.toHours());
    }
    return text("money.rateAge.days", age.toDays());
  }

  /**
   * The age of a quoted rate: the age of the rate table it came from, while that table is still in
   * force (a quote holds for minutes); empty when the rates have changed since or are unavailable.
   */
  public String rateAge(Currency source, Currency target, BigDecimal quoted) {
    try {
      return fx.rates().stream().filter(r -> r.source().equals(source)
              && r.target().equals(target) && r.rate().compareTo(quoted) == 0)
          .findFirst().map(r -> rateAge(r.asOf())).orElse("");
    } catch (OkPayException unavailable) {
      return "";
    }
  }

  /**
   * A limit (counted in the limit currency) as the user reads it in their own currency, converted
   * at today's rate and marked approximate, with the limit's own amount: "≈ ¥6,394.00 (US$900.00)".
   * In the limit's currency, or when no rate is known, just the limit's own amount.
   */
  public String approx(Money limit, Currency userCurrency) {
    if (limit == null) {
      return "";
    }
    if (userCurrency == null || userCurrency.equals(limit.currency())) {
      return of(limit);
    }
    try {
      long converted = pricing.equivalentMinor(limit.amountMinor(), limit.currency(),
          userCurrency);
      return text("money.approx", of(converted, userCurrency), of(limit));
    } catch (OkPayException noRate) {
      return of(limit);
    }
  }

  /**
   * The currency a reader most likely thinks in when a page has no other hint: the yuan for a
   * Chinese reader, otherwise the currency limits are counted in.
   */
  public Currency readerCurrency() {
    return "zh".equals(locale().getLanguage()) ? Currency.getInstance("CNY")
        : pricing.limitCurrency();
  }

  private String text(String key, Object... args) {
    return messages.getMessage(key, args, key, locale());
  }

  private static Locale locale() {
    return LocaleContextHolder.getLocale();
  }
}
