package org.okpay.payments.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.PeriodTotals;
import org.okpay.payments.PaymentComplaintFiled;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsApi.Complaint;
import org.okpay.payments.PaymentsApi.CurrencySummary;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.PaymentsApi.MonthlyStatement;
import org.okpay.payments.PaymentsApi.TransactionPage;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** CSV export, monthly statements and complaints: the paper trail a user takes away. */
@Component
class Statements {

  static final int CSV_ROWS_MAX = 100_000;
  /**
   * Rows per query of the CSV export: each page is one short keyset query (see
   * {@link History#page}) and is written before the next is read, so memory holds one page
   * however long the history is, and no connection is held between pages.
   */
  static final int CSV_PAGE = 1000;
  static final int COMPLAINT_LENGTH_MAX = 2000;
  /** The UTF-8 byte order mark that tells Excel the file is UTF-8. */
  static final String BOM = "\uFEFF";

  private final History history;
  private final Views views;
  private final LedgerAccounts accounts;
  private final LedgerApi ledger;
  private final TransactionStore store;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Statements(History history, Views views, LedgerAccounts accounts, LedgerApi ledger,
      TransactionStore store, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
    this.history = history;
    this.views = views;
    this.accounts = accounts;
    this.ledger = ledger;
    this.store = store;
    this.jdbc = jdbc;
    this.events = events;
    this.clock = clock;
  }

  /**
   * The history as CSV. It starts with a UTF-8 byte order mark, so that Excel on a Chinese
   * Windows reads names as UTF-8; amounts are signed (money out of the balance is negative) and the
   * fee, in its own column, is negative when charged.
   */
  void csv(UUID userId, HistoryFilter filter, ZoneId zone, Writer out) throws IOException {
    out.write(BOM);
    out.write("id,created_at,type,direction,state,amount,fee,currency,target_amount,"
        + "target_currency,counterparty,note,rail_reference,failure\r\n");
    String cursor = null;
    int written = 0;
    do {
      List<PaymentTransaction> rows = history.page(userId, filter, cursor, CSV_PAGE);
      List<PaymentTransaction> page = rows.size() > CSV_PAGE ? rows.subList(0, CSV_PAGE) : rows;
      for (TransactionView v : views.briefs(page, userId)) {
        out.write(line(v, zone));
        written++;
      }
      cursor = rows.size() > CSV_PAGE && written < CSV_ROWS_MAX
          ? History.cursorAfter(page.getLast()) : null;
    } while (cursor != null);
  }

  private static String line(TransactionView v, ZoneId zone) {
    return String.join(",", v.id().toString(), localTime(v.createdAt(), zone),
        v.operationKey(),
        v.moneyIn() ? "in" : "out", v.state().key(), signedAmount(v),
        negated(v.fee()).toMajor().toPlainString(), v.amount().currency().getCurrencyCode(),
        v.targetAmount() == null ? "" : v.targetAmount().toMajor().toPlainString(),
        v.targetAmount() == null ? "" : v.targetAmount().currency().getCurrencyCode(),
        field(v.counterparty()), field(v.note()), field(v.railReference()),
        v.failure() == null ? "" : v.failure().code()) + "\r\n";
  }

  /** The amount with its direction: positive into the balance, negative out of it. */
  private static String signedAmount(TransactionView v) {
    return (v.moneyIn() ? v.amount() : negated(v.amount())).toMajor().toPlainString();
  }

  private static Money negated(Money money) {
    return new Money(Math.negateExact(money.amountMinor()), money.currency());
  }

  /**
   * A moment in the user's zone with its offset, e.g. {@code 2026-12-07T10:47:00+08:00}
   * (seconds always written, so every row has the same shape; {@code Z} for UTC).
   */
  static String localTime(Instant at, ZoneId zone) {
    return at.atZone(zone).toOffsetDateTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** RFC 4180 quoting, and a leading quote for text a spreadsheet would run as a formula. */
  static String field(String value) {
    if (value == null) {
      return "";
    }
    String safe = value.matches("^[=+\\-@\\t\\r].*") ? "'" + value : value;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }

  /**
   * The month's opening and closing balances and its money in and out per wallet, from one
   * ledger query over all the user's wallets ({@link LedgerApi#periodTotals}: index range
   * reads, however long the history), with {@code lines}, one page of the month's transactions
   * (the history's page with the month as its date filter). The totals never come from the
   * lines, so a page costs the same whether the month has ten lines or fifty thousand.
   */
  MonthlyStatement month(UUID userId, YearMonth month, TransactionPage lines) {
    HistoryFilter filter = HistoryFilter.month(month);
    return new MonthlyStatement(month, totals(userId, filter.from(), filter.to()),
        lines.transactions(), lines.nextCursor());
  }

  private List<CurrencySummary> totals(UUID userId, Instant start, Instant end) {
    List<Account> wallets = accounts.wallets(userId);
    Map<Long, PeriodTotals> totals = new HashMap<>();
    if (!wallets.isEmpty()) {
      for (PeriodTotals t : ledger.periodTotals(wallets.stream().map(Account::id).toList(),
          List.of(start, end))) {
        totals.put(t.accountId(), t);
      }
    }
    List<CurrencySummary> currencies = new ArrayList<>();
    for (Account wallet : wallets) {
      PeriodTotals t = totals.get(wallet.id());
      long in = t == null ? 0 : t.inMinor();
      long out = t == null ? 0 : t.outMinor();
      long closing = t == null ? 0 : t.closingMinor();
      currencies.add(summaryOf(wallet, closing - in + out, in, out, closing));
    }
    return currencies;
  }

  private static CurrencySummary summaryOf(Account wallet, long opening, long in, long out,
      long closing) {
    return new CurrencySummary(wallet.currency(), new Money(opening, wallet.currency()),
        new Money(in, wallet.currency()), new Money(out, wallet.currency()),
        new Money(closing, wallet.currency()));
  }

  Complaint complain(UUID userId, UUID transactionId, String message) {
    return complain(userId, transactionId, message, true);
  }

  /** {@code onlyWhenLate} false: the user says a completed credit did not arrive. */
  Complaint complain(UUID userId, UUID transactionId, String message, boolean onlyWhenLate) {
    String text = message == null ? "" : message.strip();
    if (text.isEmpty() || text.length() > COMPLAINT_LENGTH_MAX) {
      throw FieldErrors.invalid("message",
          text.isEmpty() ? FieldErrors.REQUIRED : FieldErrors.TOO_LONG);
    }
    PaymentTransaction t = store.visibleTo(userId, transactionId).orElseThrow(() ->
        new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
    TransactionView view = views.full(t, userId);
    boolean failedOrLate = view.delayed() || t.state() == TransactionState.FAILED
        || t.state() == TransactionState.REVERSED;
    if (onlyWhenLate && !failedOrLate) {
      throw new OkPayException(ErrorCode.COMPLAINT_TOO_EARLY,
          view.expectedAt() == null ? Map.of() : Map.of("expectedAt",
              view.expectedAt().toString()));
    }
    Complaint complaint = new Complaint(UUID.randomUUID(), transactionId, text, clock.instant());
    int inserted = jdbc.sql("""
        insert into payments.complaints (id, transaction_id, user_id, message, created_at)
        values (:id, :tx, :user, :message, :at) on conflict (transaction_id, user_id) do nothing
        """).param("id", complaint.id()).param("tx", transactionId).param("user", userId)
        .param("message", text).param("at", TransactionStore.ts(complaint.createdAt())).update();
    if (inserted == 0) {
      throw new OkPayException(ErrorCode.COMPLAINT_ALREADY_FILED);
    }
    store.step(transactionId, TrackerStep.COMPLAINT_FILED, null, complaint.createdAt());
    events.publishEvent(new PaymentComplaintFiled(complaint.id(), transactionId, userId, text,
        complaint.createdAt()));
    return complaint;
  }

  /** Complaints oldest first, keyset-paged by (created_at, id) after {@code afterId}. */
  List<PaymentComplaintFiled> complaintsAfter(UUID afterId, int limit) {
    if (limit < 1 || limit > 500) {
      throw new IllegalArgumentException("limit must be 1..500");
    }
    return jdbc.sql("""
        select c.id, c.transaction_id, c.user_id, c.message, c.created_at
          from payments.complaints c
         where cast(:after as uuid) is null
            or (c.created_at, c.id) > (select a.created_at, a.id from payments.complaints a
                                        where a.id = cast(:after as uuid))
         order by c.created_at, c.id limit :limit
        """).param("after", afterId).param("limit", limit)
        .query((rs, n) -> new PaymentComplaintFiled(rs.getObject("id", UUID.class),
            rs.getObject("transaction_id", UUID.class), rs.getObject("user_id", UUID.class),
            rs.getString("message"), rs.getTimestamp("created_at").toInstant()))
        .list();
  }
}
