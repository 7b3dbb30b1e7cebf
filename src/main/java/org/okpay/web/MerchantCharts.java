package org.okpay.web;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantReportsApi;
import org.okpay.merchants.MerchantReportsApi.CurrencyDays;
import org.okpay.merchants.MerchantReportsApi.DayTotals;
import org.okpay.merchants.MerchantsApi;
import org.okpay.shared.Money;
import org.okpay.shared.ReaderZone;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The merchant overview's chart: daily volume (completed payments) and succeeded refunds over the
 * last 30 days in the reader's zone, one bar chart per currency, drawn by {@link MoneyCharts}'s
 * {@link Chart}. Only for a staff member whose role reads payments (empty otherwise).
 */
@Component
class MerchantCharts {

  static final int DAYS = MerchantReportsApi.DAYS_DEFAULT;

  private final MerchantsApi merchants;
  private final MerchantReportsApi reports;
  private final MoneyCharts charts;
  private final MoneyPageText text;
  private final MessageSource messages;

  MerchantCharts(MerchantsApi merchants, MerchantReportsApi reports, MoneyCharts charts,
      MoneyPageText text, MessageSource messages) {
    this.merchants = merchants;
    this.reports = reports;
    this.charts = charts;
    this.text = text;
    this.messages = messages;
  }

  /** Empty when the user may not read the merchant's payments; else one chart per currency. */
  Optional<List<Chart>> daily(CurrentUser user, UUID merchantId) {
    Optional<MerchantCaller> caller = merchants.dashboardCaller(user, merchantId)
        .filter(c -> c.allows(ApiResource.PAYMENTS, Access.READ));
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    List<Chart> result = new ArrayList<>();
    for (CurrencyDays c : reports.daily(caller.get(), DAYS, ReaderZone.current()).currencies()) {
      String code = c.currency().getCurrencyCode();
      List<Money> volume = c.days().stream()
          .map(d -> new Money(d.volumeMinor(), c.currency())).toList();
      List<Money> refunded = c.days().stream()
          .map(d -> new Money(d.refundedMinor(), c.currency())).toList();
      DateTimeFormatter format = DateTimeFormatter.ofPattern(message("money.chart.dayFormat"),
          LocaleContextHolder.getLocale());
      List<String> labels = c.days().stream().map(DayTotals::day).map(format::format).toList();
      long totalVolume = c.days().stream().mapToLong(DayTotals::volumeMinor).sum();
      long totalRefunded = c.days().stream().mapToLong(DayTotals::refundedMinor).sum();
      long payments = c.days().stream().mapToLong(DayTotals::payments).sum();
      String summary = message("merchant.chart.summary", code, DAYS, labels.getFirst(),
          labels.getLast(), text.money(new Money(totalVolume, c.currency())), payments,
          text.money(new Money(totalRefunded, c.currency())));
      result.add(charts.chart("merchant-daily-" + code, "bar", code, summary,
          message("money.col.date"), labels, labels,
          List.of(new Chart.Series(message("merchant.chart.volume"), volume),
              new Chart.Series(message("merchant.chart.refunds"), refunded)), code));
    }
    return Optional.of(result);
  }

  private String message(String key, Object... args) {
    return messages.getMessage(key, args, LocaleContextHolder.getLocale());
  }
}
