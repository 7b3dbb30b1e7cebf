package org.okpay.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.okpay.payments.FeeRule;
import org.okpay.payments.FxApi;
import org.okpay.payments.Limit;
import org.okpay.payments.PricingApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public price list: the fee schedule, the limits, and today's exchange rates. */
@Controller
public class FeesPageController {

  /** Rates on the page are rounded for reading; quotes use the exact rate. */
  private static final MathContext SHOWN = new MathContext(6, RoundingMode.HALF_EVEN);

  private final PricingApi pricing;
  private final FxApi fx;
  private final MessageSource messages;
  private final MoneyText money;

  FeesPageController(PricingApi pricing, FxApi fx, MessageSource messages, MoneyText money) {
    this.pricing = pricing;
    this.fx = fx;
    this.messages = messages;
    this.money = money;
  }

  /** @param othersToo a "*" rule next to rules of named currencies: "all other currencies" */
  record FeeRow(String operation, String currency, boolean othersToo, String fee) {
  }

  record LimitRow(String operation, String verifiedDaily, String verifiedMonthly,
      String unverifiedDaily, String unverifiedMonthly) {
  }

  record RateRow(String currency, List<String> cells) {
  }

  @GetMapping("/fees")
  public String fees(Model model, Locale locale) {
    List<FeeRule> rules = pricing.feeSchedule();
    model.addAttribute("feeRows", rules.stream().map(r -> new FeeRow(r.operation().key(),
        r.currency(), r.anyCurrency() && rules.stream().anyMatch(o ->
            o.operation() == r.operation() && !o.anyCurrency()), feeText(r, locale))).toList());
    model.addAttribute("limitCurrency", pricing.limitCurrency().getCurrencyCode());
    model.addAttribute("limitRows", limitRows(locale));
    model.addAttribute("currencies", SupportedCurrencies.ALL.stream()
        .map(Currency::getCurrencyCode).toList());
    try {
      List<FxApi.FxRate> rates = fx.rates();
      model.addAttribute("ratesAsOf", rates.isEmpty() ? null : rates.getFirst().asOf());
      model.addAttribute("rateRows", rateRows(rates));
    } catch (OkPayException unavailable) {
      // The price list is still worth showing without rates; the page says they are missing.
      model.addAttribute("rateRows", List.of());
    }
    return "fees";
  }

  /** "0.30 USD + 2.9 %, at least 1.00 USD, at most 50.00 USD", or "Free". */
  private String feeText(FeeRule r, Locale locale) {
    Currency currency = r.anyCurrency() ? null : Currency.getInstance(r.currency());
    List<String> parts = new ArrayList<>();
    if (r.fixedMinor() > 0) {
      parts.add(money.of(r.fixedMinor(), currency));
    }
    if (r.percent().signum() > 0) {
      parts.add(text("fees.percent", locale, r.percent().toPlainString()));
    }
    if (parts.isEmpty() && r.minMinor() == 0) {
      return text("fees.free", locale);
    }
    StringBuilder out = new StringBuilder(String.join(" + ", parts));
    if (r.minMinor() > 0) {
      out.append(out.isEmpty() ? "" : ", ").append(text("fees.min", locale,
          money.of(r.minMinor(), currency)));
    }
    if (r.maxMinor() > 0) {
      out.append(", ").append(text("fees.max", locale, money.of(r.maxMinor(), currency)));
    }
    return out.toString();
  }

  private List<LimitRow> limitRows(Locale locale) {
    Currency currency = pricing.limitCurrency();
    List<LimitRow> rows = new ArrayList<>();
    for (Limit high : pricing.limits(true)) {
      Limit low = pricing.limit(high.operation(), false);
      rows.add(new LimitRow(high.operation().key(), cap(high.dailyMinor(), currency, locale),
          cap(high.monthlyMinor(), currency, locale), cap(low.dailyMinor(), currency, locale),
          cap(low.monthlyMinor(), currency, locale)));
    }
    return rows;
  }

  private String cap(long minor, Currency currency, Locale locale) {
    return minor == 0 ? text("fees.notAllowed", locale) : money.of(minor, currency);
  }

  /** One row per source currency, one cell per target currency; the diagonal is 1. */
  private static List<RateRow> rateRows(List<FxApi.FxRate> rates) {
    Map<String, BigDecimal> byPair = new HashMap<>();
    rates.forEach(r -> byPair.put(r.source().getCurrencyCode() + r.target().getCurrencyCode(),
        r.rate()));
    List<RateRow> rows = new ArrayList<>();
    for (Currency source : SupportedCurrencies.ALL) {
      List<String> cells = new ArrayList<>();
      for (Currency target : SupportedCurrencies.ALL) {
        BigDecimal rate = source.equals(target) ? BigDecimal.ONE
            : byPair.get(source.getCurrencyCode() + target.getCurrencyCode());
        cells.add(rate == null ? "–" : rate.round(SHOWN).stripTrailingZeros().toPlainString());
      }
      rows.add(new RateRow(source.getCurrencyCode(), cells));
    }
    return rows;
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, key, locale);
  }
}
