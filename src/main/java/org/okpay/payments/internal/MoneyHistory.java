package org.okpay.payments.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.PeriodTotals;
import org.okpay.payments.MoneyHistoryApi;
import org.okpay.shared.FieldErrors;
import org.springframework.stereotype.Service;

/**
 * The user's wallets' history from the ledger's {@link LedgerApi#periodTotals}: the days or months
 * become the periods' bounds (computed here, in the zone, so a day is the zone's day even across
 * a daylight-saving change), and the ledger answers for all the user's wallets in one query.
 */
@Service
class MoneyHistory implements MoneyHistoryApi {

  private final LedgerAccounts accounts;
  private final LedgerApi ledger;

  MoneyHistory(LedgerAccounts accounts, LedgerApi ledger) {
    this.accounts = accounts;
    this.ledger = ledger;
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public BalanceHistory dailyBalances(UUID userId, LocalDate firstDay, LocalDate lastDay,
      ZoneId zone) {
    if (lastDay.isBefore(firstDay)) {
      throw FieldErrors.invalid("to", FieldErrors.BEFORE_FROM);
    }
    if (firstDay.plusDays(DAYS_MAX - 1).isBefore(lastDay)) {
      throw FieldErrors.invalid("days", FieldErrors.OUT_OF_RANGE);
    }
    List<Instant> bounds = new ArrayList<>();
    for (LocalDate day = firstDay; !day.isAfter(lastDay.plusDays(1)); day = day.plusDays(1)) {
      bounds.add(day.atStartOfDay(zone).toInstant());
    }
    List<CurrencyDays> currencies = new ArrayList<>();
    for (Map.Entry<Account, List<PeriodTotals>> wallet : totals(userId, bounds)) {
      currencies.add(new CurrencyDays(wallet.getKey().currency(), wallet.getValue().stream()
          .map(p -> new DayBalance(firstDay.plusDays(p.period()), p.closingMinor())).toList()));
    }
    return new BalanceHistory(firstDay, lastDay, zone.getId(), currencies);
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public MonthlyTotals monthlyTotals(UUID userId, YearMonth firstMonth, YearMonth lastMonth,
      ZoneId zone) {
    if (lastMonth.isBefore(firstMonth)) {
      throw FieldErrors.invalid("to", FieldErrors.BEFORE_FROM);
    }
    if (firstMonth.plusMonths(MONTHS_MAX - 1).isBefore(lastMonth)) {
      throw FieldErrors.invalid("months", FieldErrors.OUT_OF_RANGE);
    }
    List<Instant> bounds = new ArrayList<>();
    for (YearMonth m = firstMonth; !m.isAfter(lastMonth.plusMonths(1)); m = m.plusMonths(1)) {
      bounds.add(m.atDay(1).atStartOfDay(zone).toInstant());
    }
    List<CurrencyMonths> currencies = new ArrayList<>();
    for (Map.Entry<Account, List<PeriodTotals>> wallet : totals(userId, bounds)) {
      currencies.add(new CurrencyMonths(wallet.getKey().currency(), wallet.getValue().stream()
          .map(p -> new MonthTotal(firstMonth.plusMonths(p.period()), p.inMinor(),
              p.outMinor(), p.closingMinor())).toList()));
    }
    return new MonthlyTotals(firstMonth, lastMonth, zone.getId(), currencies);
  }

  /** The user's wallets (by currency code) with their periods; nobody else's account is read. */
  private List<Map.Entry<Account, List<PeriodTotals>>> totals(UUID userId, List<Instant> bounds) {
    List<Account> wallets = accounts.wallets(userId).stream()
        .sorted(Comparator.comparing(a -> a.currency().getCurrencyCode())).toList();
    Map<Long, List<PeriodTotals>> byAccount = ledger.periodTotals(
        wallets.stream().map(Account::id).toList(), bounds).stream()
        .collect(Collectors.groupingBy(PeriodTotals::accountId));
    return wallets.stream()
        .map(w -> Map.entry(w, byAccount.getOrDefault(w.id(), List.<PeriodTotals>of()))).toList();
  }
}
