package org.okpay.payments;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * A user's money over time, for charts: the balance at the end of each day and the money in and
 * out of each month, per currency, read from the ledger in one query. Scoped to the user like
 * everything in {@link PaymentsApi}: only the user's own balances are read. Days and months are
 * those of the given time zone.
 */
public interface MoneyHistoryApi {

  /** Longest run of days asked for at once. */
  int DAYS_MAX = 366;
  /** Longest run of months asked for at once. */
  int MONTHS_MAX = 36;

  /**
   * The closing balance of every day from {@code firstDay} to {@code lastDay} (both included),
   * per balance the user has; a day when nothing moved carries the day before's balance.
   */
  BalanceHistory dailyBalances(UUID userId, LocalDate firstDay, LocalDate lastDay, ZoneId zone);

  /** The money in and out, and the closing balance, of every month from first to last. */
  MonthlyTotals monthlyTotals(UUID userId, YearMonth firstMonth, YearMonth lastMonth,
      ZoneId zone);

  record BalanceHistory(LocalDate firstDay, LocalDate lastDay, String timeZone,
      List<CurrencyDays> currencies) {
  }

  record CurrencyDays(Currency currency, List<DayBalance> days) {
  }

  record DayBalance(LocalDate day, long balanceMinor) {
  }

  record MonthlyTotals(YearMonth firstMonth, YearMonth lastMonth, String timeZone,
      List<CurrencyMonths> currencies) {
  }

  record CurrencyMonths(Currency currency, List<MonthTotal> months) {
  }

  /** Money in and out are posted amounts (fees included in out), as the statement counts them. */
  record MonthTotal(YearMonth month, long inMinor, long outMinor, long closingMinor) {
  }
}
