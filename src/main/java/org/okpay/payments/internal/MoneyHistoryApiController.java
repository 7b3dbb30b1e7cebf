package org.okpay.payments.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.MoneyHistoryApi;
import org.okpay.payments.MoneyHistoryApi.BalanceHistory;
import org.okpay.payments.MoneyHistoryApi.MonthlyTotals;
import org.okpay.shared.FieldErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's balances over time, for charts: the same series the wallet and statement pages
 * draw. Days and months are UTC ones, like every time in the API.
 */
@RestController
@Tag(name = "Payments")
class MoneyHistoryApiController {

  static final int DAYS_DEFAULT = 90;
  static final int MONTHS_DEFAULT = 12;
  private static final ZoneId API_ZONE = ZoneId.of("UTC");
  /** Months outside these years hold no payments (and would not fit the database's times). */
  private static final int YEAR_MIN = 2000;
  private static final int YEAR_MAX = 2999;

  private final MoneyHistoryApi history;
  private final Clock clock;

  MoneyHistoryApiController(MoneyHistoryApi history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  @GetMapping("/api/v1/me/balances/history")
  @Operation(summary = "Your balance at the end of each UTC day, per currency, over the last "
      + "days up to today (a day without payments carries the day before's balance)")
  BalanceHistory balanceHistory(@AuthenticationPrincipal CurrentUser user,
      @Parameter(description = "How many days, today included: 1 to 366; 90 by default")
      @RequestParam(required = false) String days) {
    int count = number(days, DAYS_DEFAULT, MoneyHistoryApi.DAYS_MAX, "days");
    LocalDate today = LocalDate.now(clock.withZone(API_ZONE));
    return history.dailyBalances(user.userId(), today.minusDays(count - 1L), today, API_ZONE);
  }

  @GetMapping("/api/v1/me/statements/monthly-totals")
  @Operation(summary = "Money in and out and the closing balance of each UTC month, per currency, "
      + "over the months up to 'to' (this month by default)")
  MonthlyTotals monthlyTotals(@AuthenticationPrincipal CurrentUser user,
      @Parameter(description = "How many months, 'to' included: 1 to 36; 12 by default")
      @RequestParam(required = false) String months,
      @Parameter(description = "The last month, yyyy-MM; this month by default")
      @RequestParam(required = false) String to) {
    int count = number(months, MONTHS_DEFAULT, MoneyHistoryApi.MONTHS_MAX, "months");
    YearMonth last = month(to);
    return history.monthlyTotals(user.userId(), last.minusMonths(count - 1L), last, API_ZONE);
  }

  private YearMonth month(String text) {
    if (text == null || text.isBlank()) {
      return YearMonth.now(clock.withZone(API_ZONE));
    }
    YearMonth month;
    try {
      month = YearMonth.parse(text.strip());
    } catch (DateTimeParseException notAMonth) {
      throw FieldErrors.invalid("to", FieldErrors.FORMAT);
    }
    if (month.getYear() < YEAR_MIN || month.getYear() > YEAR_MAX) {
      throw FieldErrors.invalid("to", FieldErrors.OUT_OF_RANGE);
    }
    return month;
  }

  private static int number(String text, int otherwise, int max, String field) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException notANumber) {
      throw FieldErrors.invalid(field, FieldErrors.FORMAT);
    }
    if (value < 1 || value > max) {
      throw FieldErrors.invalid(field, FieldErrors.OUT_OF_RANGE);
    }
    return value;
  }
}
