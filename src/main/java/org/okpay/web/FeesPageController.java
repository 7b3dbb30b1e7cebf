package org.okpay.web;

import java.math.BigDecimal;
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
import org.okpay.shared.Money;
import org.okpay.shared.MoneyFormat;
import org.okpay.shared.OkPayException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The public price list: the fee schedule, the limits, and today's exchange rates. */
@Controller
public class FeesPageController {

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
    Currency shownIn = money.readerCurrency();
    model.addAttribute("limitShownIn", shownIn.equals(pricing.limitCurrency()) ? null
        : money.choice(shownIn));
    model.addAttribute("limitRows", limitRows(shownIn, locale));
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

  /** Each limit in the reader's currency, approximately, next to its own amount. */
  private List<LimitRow> limitRows(Currency shownIn, Locale locale) {
    List<LimitRow> rows = new ArrayList<>();
    for (Limit high : pricing.limits(true)) {
      Limit low = pricing.limit(high.operation(), false);
      rows.add(new LimitRow(high.operation().key(), cap(high.dailyMinor(), shownIn, locale),
          cap(high.monthlyMinor(), shownIn, locale), cap(low.dailyMinor(), shownIn, locale),
          cap(low.monthlyMinor(), shownIn, locale)));
    }
    return rows;
  }

  private String cap(long minor, Currency shownIn, Locale locale) {
    return minor == 0 ? text("fees.notAllowed", locale)
        : money.approx(new Money(minor, pricing.limitCurrency()), shownIn);
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
        // Rounded for reading (4 to 6 significant digits); quotes use the exact rate.
        cells.add(rate == null ? "–" : source.equals(target) ? "1" : MoneyFormat.rate(rate));
      }
      rows.add(new RateRow(source.getCurrencyCode(), cells));
    }
    return rows;
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, key, locale);
  }
}
