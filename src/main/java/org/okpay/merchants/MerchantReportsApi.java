package org.okpay.merchants;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;

/**
 * A merchant's figures over time: completed payments (volume) and succeeded refunds per day and
 * currency, for the dashboard's chart and {@code GET /api/v1/merchant/reports/daily}. Needs
 * {@link ApiResource#PAYMENTS} read; only ever the caller's own merchant.
 */
public interface MerchantReportsApi {

  int DAYS_DEFAULT = 30;
  int DAYS_MAX = 366;

  /**
   * One day of one currency.
   *
   * @param volumeMinor the completed payments' amounts that day
   * @param refundedMinor the refunds that succeeded that day
   */
  record DayTotals(LocalDate day, long volumeMinor, long payments, long refundedMinor,
      long refunds) {
  }

  /** Every day from the first to the last, in order (a day without any is zeros). */
  record CurrencyDays(Currency currency, List<DayTotals> days) {
  }

  /** The currencies that had a payment or a refund in those days, by code. */
  record DailyReport(LocalDate firstDay, LocalDate lastDay, String timeZone,
      List<CurrencyDays> currencies) {
  }

  /**
   * The last {@code days} days up to today (today included) in {@code zone}; 400
   * {@code validation_failed} on {@code days} outside 1..{@value #DAYS_MAX}, 403 without payments
   * read.
   */
  DailyReport daily(MerchantCaller caller, int days, ZoneId zone);
}
