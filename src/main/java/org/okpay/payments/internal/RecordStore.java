package org.okpay.payments.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The set-based statements of a recorder's batch ({@link Recorder}): one each for the users'
 * locks, their usage and known keys, and the rows with their first steps, whatever the batch's
 * size. Arrays travel as text and are cast in SQL.
 */
@Component
class RecordStore {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final PaymentsProperties properties;
  private final String[] returnable;

  RecordStore(JdbcClient jdbc, JsonMapper json, PaymentsProperties properties,
      OperationTypes types) {
    this.jdbc = jdbc;
    this.json = json;
    this.properties = properties;
    this.returnable = types.returnableKeys().toArray(String[]::new);
  }

  /**
   * {@link LimitUsage#lockUser} for every user of the batch, in one fixed order (the lock keys
   * ascending) so two batches, here or on another instance, never wait for each other in a
   * circle. PostgreSQL evaluates a volatile function of the select list after the sort.
   */
  void lockUsers(Collection<UUID> users) {
    jdbc.sql("""
        select pg_advisory_xact_lock(k)
          from (select distinct hashtextextended('payments:' || u, 0) as k
                  from unnest(cast(:users as text[])) as u) as keys
         order by k
        """).param("users", users.stream().map(UUID::toString).toArray(String[]::new))
        .query((rs, n) -> 1).list();
  }

  /**
   * For each payment, in order: {@link LimitUsage#usage} of its user and operation (the velocity
   * count stopping at velocity-max, as there), and whether
   * its user already used its key. Read after {@link #lockUsers}, so every row of these users
   * committed by anyone is seen.
   */
  List<Seen> seen(List<Recording> batch, Checks.Window window) {
    int n = batch.size();
    String[] users = new String[n];
    String[] ops = new String[n];
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      users[i] = batch.get(i).user().userId().toString();
      ops[i] = batch.get(i).plan().operation();
      keys[i] = batch.get(i).key();
    }
    return jdbc.sql("""
        select v.recent, u.day, u.month,
               exists (select 1 from payments.transactions k
                        where k.user_id = i.user_id and k.idempotency_key = i.key) as known
          from unnest(cast(:users as uuid[]), cast(:ops as text[]), cast(:keys as text[]))
                 with ordinality as i(user_id, op, key, n)
          cross join lateral (
            select count(*) as recent
              from (select from payments.transactions t
                     where t.user_id = i.user_id and t.created_at >= :velocity
                     limit :velocityCap) as w) as v
          cross join lateral (
            select coalesce(sum(l.amount_minor) filter (where l.day >= :day), 0) as day,
                   coalesce(sum(l.amount_minor), 0) as month
              from payments.limit_usage l
             where l.user_id = i.user_id and l.operation = i.op and l.day >= :month) as u
         order by i.n
        """).param("users", users).param("ops", ops).param("keys", keys)
        .param("velocity", TransactionStore.ts(window.velocitySince()))
        .param("velocityCap", properties.velocityMax())
        .param("day", LimitUsage.utcDay(window.daySince()))
        .param("month", LimitUsage.utcDay(window.monthSince()))
        .query((rs, i) -> new Seen(new LimitUsage.Usage(rs.getInt("recent"), rs.getLong("day"),
            rs.getLong("month")), rs.getBoolean("known")))
        .list();
  }

  /** @param used before the batch; {@code known}: the user's key is recorded already */
  record Seen(LimitUsage.Usage used, boolean known) {
  }

  /**
   * {@link TransactionStore#insert} for many rows created at {@code now}, in one statement, with
   * their work-list rows (V50); a row whose (user, key) exists is skipped. Returns the ids
   * inserted. A row the batch settled ({@link Settler}) is inserted completed or failed, with
   * its failure code, its second step ({@code completed}; {@code failed} with the detail
   * {@value Settler#LEDGER_REFUSED}) at {@code now} too, and on a work list only if a completed
   * row of its type may still be returned, as {@link TransactionStore}'s moves list it.
   */
  Set<UUID> insert(List<PaymentTransaction> rows, TrackerStep firstStep, Instant now) {
    int n = rows.size();
    String[][] c = new String[19][n];
    for (int i = 0; i < n; i++) {
      PaymentTransaction t = rows.get(i);
      if (!t.createdAt().equals(now)) {
        throw new IllegalArgumentException("a batch's rows are created at one time");
      }
      c[0][i] = t.id().toString();
      c[1][i] = t.userId().toString();
      c[2][i] = t.operation();
      c[3][i] = t.state().key();
      c[4][i] = Long.toString(t.amountMinor());
      c[5][i] = t.currency().getCurrencyCode();
      c[6][i] = Long.toString(t.feeMinor());
      c[7][i] = t.targetAmountMinor() == null ? null : t.targetAmountMinor().toString();
      c[8][i] = t.targetCurrency() == null ? null : t.targetCurrency().getCurrencyCode();
      c[9][i] = t.fxRate() == null ? null : plain(t.fxRate());
      c[10][i] = string(t.quoteId());
      c[11][i] = string(t.cardId());
      c[12][i] = string(t.bankAccountId());
      c[13][i] = string(t.counterpartyUserId());
      c[14][i] = t.counterparty();
      c[15][i] = t.recipientBank() == null ? null : json.writeValueAsString(t.recipientBank());
      c[16][i] = t.note();
      c[17][i] = t.rail() == null ? null : t.rail().key();
      c[18][i] = "{" + String.join(",", t.riskReasons()) + "}";
    }
    String[] limits = rows.stream().map(t -> Long.toString(t.limitAmountMinor()))
        .toArray(String[]::new);
    String[] keys = rows.stream().map(PaymentTransaction::idempotencyKey).toArray(String[]::new);
    String[] hashes = rows.stream().map(PaymentTransaction::requestHash).toArray(String[]::new);
    String[] failures = rows.stream().map(PaymentTransaction::failureCode)
        .toArray(String[]::new);
    String[] settledSteps = rows.stream().map(RecordStore::settledStep).toArray(String[]::new);
    List<UUID> inserted = jdbc.sql("""
        with r as (
          select *
            from unnest(cast(:ids as uuid[]), cast(:users as uuid[]), cast(:ops as text[]),
                   cast(:states as text[]), cast(:amounts as bigint[]),
                   cast(:currencies as text[]), cast(:fees as bigint[]),
                   cast(:targets as bigint[]), cast(:targetCurrencies as text[]),
                   cast(:rates as numeric[]), cast(:quotes as uuid[]), cast(:cards as uuid[]),
                   cast(:banks as uuid[]), cast(:cpUsers as uuid[]), cast(:cps as text[]),
                   cast(:recipientBanks as jsonb[]), cast(:notes as text[]),
                   cast(:rails as text[]), cast(:limits as bigint[]), cast(:risks as text[]),
                   cast(:keys as text[]), cast(:hashes as text[]), cast(:failures as text[]),
                   cast(:settledSteps as text[]))
                 as r(id, user_id, op, state, amount, currency, fee, target, target_currency,
                      rate, quote, card, bank, cp_user, cp, recipient_bank, note, rail,
                      limit_amount, risk, key, hash, failure, settled_step)),
        inserted as (
          insert into payments.transactions (id, user_id, operation, state, amount_minor,
            currency, fee_minor, target_amount_minor, target_currency, fx_rate, quote_id,
            card_id, bank_account_id, counterparty_user_id, counterparty, recipient_bank, note,
            rail, limit_amount_minor, risk_reasons, expected_at, idempotency_key, request_hash,
            failure_code, created_at, updated_at)
          select r.id, r.user_id, r.op, r.state, r.amount, r.currency, r.fee, r.target,
                 r.target_currency, r.rate, r.quote, r.card, r.bank, r.cp_user, r.cp,
                 r.recipient_bank, r.note, r.rail, r.limit_amount, cast(r.risk as text[]), null,
                 r.key, r.hash, r.failure, :now, :now
            from r
          on conflict (user_id, idempotency_key) do nothing
          returning id, state, operation),
        listed as (
          insert into payments.work_list (transaction_id, state, updated_at)
          select id, state, :now from inserted
           where state in ('created', 'on_hold', 'pending', 'processing')
              or (state = 'completed' and operation = any(cast(:returnable as text[])))),
        settled as (
          insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
          select r.id, 2, r.settled_step, :now,
                 case when r.state = 'failed' then :refused end
            from inserted i join r on r.id = i.id
           where r.settled_step is not null)
        insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
        select id, 1, :firstStep, :now, null from inserted
        returning transaction_id
        """)
        .param("ids", c[0]).param("users", c[1]).param("ops", c[2]).param("states", c[3])
        .param("amounts", c[4]).param("currencies", c[5]).param("fees", c[6])
        .param("targets", c[7]).param("targetCurrencies", c[8]).param("rates", c[9])
        .param("quotes", c[10]).param("cards", c[11]).param("banks", c[12])
        .param("cpUsers", c[13]).param("cps", c[14]).param("recipientBanks", c[15])
        .param("notes", c[16]).param("rails", c[17]).param("limits", limits)
        .param("risks", c[18]).param("keys", keys).param("hashes", hashes)
        .param("failures", failures).param("settledSteps", settledSteps)
        .param("returnable", returnable).param("refused", Settler.LEDGER_REFUSED)
        .param("firstStep", firstStep.key()).param("now", TransactionStore.ts(now))
        .query(UUID.class).list();
    return new HashSet<>(inserted);
  }

  /** The second step of a row recorded settled; null for one recorded in created. */
  private static String settledStep(PaymentTransaction t) {
    return switch (t.state()) {
      case CREATED -> null;
      case COMPLETED -> TrackerStep.COMPLETED.key();
      case FAILED -> TrackerStep.FAILED.key();
      default -> throw new IllegalArgumentException("a batch records no row " + t.state());
    };
  }

  private static String string(UUID id) {
    return id == null ? null : id.toString();
  }

  private static String plain(BigDecimal rate) {
    return rate.toPlainString();
  }
}
