package org.okpay.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.MoneyHistoryApi;
import org.okpay.payments.MoneyHistoryApi.CurrencyDays;
import org.okpay.payments.MoneyHistoryApi.CurrencyMonths;
import org.okpay.payments.MoneyHistoryApi.MonthTotal;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.Money;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pictures on the money pages: the balance over the last 90 days on the wallet, money in and
 * out per month on the statement ({@link Chart}s that /js/charts.js draws), and the tracker's
 * stepper ({@code ${@moneyCharts.stages(tx)}}). Days and months are the user's ({@link #zone}).
 */
@Component("moneyCharts")
public class MoneyCharts {

  static final int WALLET_DAYS = 90;
  static final int STATEMENT_MONTHS = 12;
  private static final int EARLIEST_YEAR = 2000;

  private static final Set<String> ARRIVAL_STEPS = Set.of("credited", "arrived", "completed");
  private static final Set<String> RAIL_STEPS = Set.of("sent_to_rail", "in_transit",
      "awaiting_bank");

  private final MoneyHistoryApi history;
  private final MoneyPageText text;
  private final MessageSource messages;
  private final JsonMapper json;
  private final Clock clock;

  MoneyCharts(MoneyHistoryApi history, MoneyPageText text, MessageSource messages,
      JsonMapper json, Clock clock) {
    this.history = history;
    this.text = text;
    this.messages = messages;
    this.json = json;
    this.clock = clock;
  }

  /**
   * The zone whose days and months the charts count. The one place to change once users have a
   * time zone of their own; UTC until then, like the statements.
   */
  static ZoneId zone(CurrentUser user) {
    return ZoneOffset.UTC;
  }

  /** One line chart per balance that held money in the last 90 days, today included. */
  List<Chart> balanceCharts(CurrentUser user) {
    ZoneId zone = zone(user);
    LocalDate today = LocalDate.now(clock.withZone(zone));
    List<Chart> charts = new ArrayList<>();
    for (CurrencyDays c : history.dailyBalances(user.userId(), today.minusDays(WALLET_DAYS - 1L),
        today, zone).currencies()) {
      List<Money> values = c.days().stream()
          .map(d -> new Money(d.balanceMinor(), c.currency())).toList();
      if (values.stream().allMatch(m -> m.amountMinor() == 0)) {
        continue;
      }
      List<String> labels = c.days().stream().map(d -> label("money.chart.dayFormat", d.day()))
          .toList();
      Money highest = values.stream().max(Comparator.comparingLong(Money::amountMinor)).get();
      Money lowest = values.stream().min(Comparator.comparingLong(Money::amountMinor)).get();
      String summary = message("money.chart.balance.summary", code(c), WALLET_DAYS,
          text.money(values.getFirst()), labels.getFirst(), text.money(values.getLast()),
          labels.getLast(), text.money(lowest), text.money(highest));
      charts.add(chart("balance-chart-" + code(c), "line", code(c), summary,
          message("money.col.date"), labels, labels,
          List.of(new Chart.Series(message("money.col.balance"), values)), code(c)));
    }
    return charts;
  }

  /**
   * Money in and out per month, one bar chart per balance that moved in the 12 months up to the
   * statement's month (from the balance's first month with money, when that is later).
   */
  List<Chart> monthlyCharts(CurrentUser user, YearMonth statementMonth) {
    YearMonth thisMonth = YearMonth.now(clock.withZone(zone(user)));
    YearMonth lastMonth = statementMonth.isAfter(thisMonth) ? thisMonth : statementMonth;
    List<Chart> charts = new ArrayList<>();
    if (lastMonth.getYear() < EARLIEST_YEAR) {
      return charts; // a statement from before OKPay: nothing to draw
    }
    for (CurrencyMonths c : history.monthlyTotals(user.userId(),
        lastMonth.minusMonths(STATEMENT_MONTHS - 1L), lastMonth, zone(user)).currencies()) {
      List<MonthTotal> months = sinceFirstMoney(c.months());
      List<Money> in = months.stream().map(m -> new Money(m.inMinor(), c.currency())).toList();
      List<Money> out = months.stream().map(m -> new Money(m.outMinor(), c.currency())).toList();
      long totalIn = months.stream().mapToLong(MonthTotal::inMinor).sum();
      long totalOut = months.stream().mapToLong(MonthTotal::outMinor).sum();
      if (totalIn == 0 && totalOut == 0) {
        continue;
      }
      List<String> labels = months.stream()
          .map(m -> label("money.chart.monthFormat", m.month())).toList();
      String summary = message("money.chart.flows.summary", code(c), labels.getFirst(),
          labels.getLast(), text.money(new Money(totalIn, c.currency())),
          text.money(new Money(totalOut, c.currency())));
      // Twelve months in a row never repeat a month's name: the axis does without the year.
      List<String> axisLabels = months.stream()
          .map(m -> label("money.chart.monthShortFormat", m.month())).toList();
      charts.add(chart("flows-chart-" + code(c), "bar", code(c), summary,
          message("money.chart.month"), labels, axisLabels,
          List.of(new Chart.Series(message("money.statement.in"), in),
              new Chart.Series(message("money.statement.out"), out)), code(c)));
    }
    return charts;
  }

  /**
   * The months from the first that had money (moving, or held from before): a balance opened in
   * October shows October to now, not nine empty months before it.
   */
  private static List<MonthTotal> sinceFirstMoney(List<MonthTotal> months) {
    int first = 0;
    while (first < months.size() - 1 && months.get(first).inMinor() == 0
        && months.get(first).outMinor() == 0 && months.get(first).closingMinor() == 0) {
      first++;
    }
    return months.subList(first, months.size());
  }

  /**
   * A stage of the tracker's stepper: submitted, then processing (or on hold, or failed), then
   * arrived (or returned).
   *
   * @param status {@code done}, {@code current}, {@code failed} or {@code todo}
   * @param at when it happened, if it did
   * @param expectedAt for the last stage not reached yet: when the money should arrive
   */
  public record Stage(String key, String status, Instant at, Instant expectedAt) {
  }

  public List<Stage> stages(TransactionView tx) {
    TransactionState state = tx.state();
    Stage submitted = new Stage("submitted", "done", tx.createdAt(), null);
    Stage middle = switch (state) {
      case COMPLETED, REVERSED -> new Stage("processed", "done", lastStep(tx, RAIL_STEPS), null);
      case FAILED -> new Stage("failed", "failed", tx.updatedAt(), null);
      case ON_HOLD -> new Stage("on_hold", "current", null, null);
      default -> new Stage("processing", "current", lastStep(tx, RAIL_STEPS), null);
    };
    Stage last = switch (state) {
      case COMPLETED -> new Stage("arrived", "done", arrival(tx), null);
      case REVERSED -> new Stage("returned", "failed", tx.updatedAt(), null);
      case FAILED -> new Stage("arrived", "todo", null, null);
      default -> new Stage("arrived", "todo", null, tx.expectedAt());
    };
    return List.of(submitted, middle, last);
  }

  private static Instant arrival(TransactionView tx) {
    Instant at = lastStep(tx, ARRIVAL_STEPS);
    return at == null ? tx.updatedAt() : at;
  }

  private static Instant lastStep(TransactionView tx, Set<String> steps) {
    Instant at = null;
    for (TransactionView.Step step : tx.steps()) {
      if (steps.contains(step.step())) {
        at = step.at();
      }
    }
    return at;
  }

  /** {@code axisLabels} may be shorter than the table's {@code labels}, one for one. */
  Chart chart(String id, String type, String title, String summary, String labelHeader,
      List<String> labels, List<String> axisLabels, List<Chart.Series> series, String currency) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("labels", axisLabels);
    data.put("currency", currency);
    data.put("series", series.stream().map(s -> Map.of("name", s.name(),
        "values", s.values().stream().map(Money::toMajor).toList())).toList());
    return new Chart(id, type, title, summary, labelHeader, labels, series, currency,
        json.writeValueAsString(data));
  }

  private String label(String formatKey, TemporalAccessor when) {
    Locale locale = LocaleContextHolder.getLocale();
    return DateTimeFormatter.ofPattern(message(formatKey), locale).format(when);
  }

  private String message(String key, Object... args) {
    return messages.getMessage(key, args, LocaleContextHolder.getLocale());
  }

  private static String code(CurrencyDays c) {
    return c.currency().getCurrencyCode();
  }

  private static String code(CurrencyMonths c) {
    return c.currency().getCurrencyCode();
  }
}
