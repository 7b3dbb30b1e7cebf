package org.okpay.payments.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView.Step;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * payments.transactions and their tracker steps. State changes are compare-and-set: a move from
 * a state that is no longer current changes nothing, so two deciders never both win.
 *
 * <p>Each statement that inserts or moves a transaction also keeps its row of
 * payments.work_list in step (V50), in the same statement: the reconciler's and the reviewers'
 * lists are read there, so payments.transactions has no index on the columns a move changes
 * and its moves are HOT updates (no index written).
 */
@Component
class TransactionStore {

  static final String COLUMNS = """
      id, user_id, operation, state, amount_minor, currency, fee_minor, target_amount_minor,
      target_currency, fx_rate, quote_id, card_id, bank_account_id, counterparty_user_id,
      counterparty, recipient_bank, note, rail, rail_reference, failure_code, limit_amount_minor,
      risk_reasons, expected_at, idempotency_key, request_hash, created_at, updated_at""";

  /**
   * Whether a moved row ({@code moved}, with its operation) stays on the work list in state
   * {@code :to}: while open or held, and once completed while a bank may still return it.
   */
  private static final String LISTED = """
      (:to in ('created', 'on_hold', 'pending', 'processing')
         or (:to = 'completed' and operation = any(cast(:returnable as text[]))))""";

  /**
   * After a CTE {@code moved (id, listed)}: the moved rows' work-list rows take the new state
   * and time (inserted if missing, so none is lost; the reconciler's mark is kept), or leave it.
   */
  private static final String WORK_LIST_IN_STEP = """
      listed as (
        insert into payments.work_list (transaction_id, state, updated_at)
        select id, :to, :now from moved where listed
        on conflict (transaction_id) do update
          set state = excluded.state, updated_at = excluded.updated_at),
      unlisted as (
        delete from payments.work_list w using moved m
         where w.transaction_id = m.id and not m.listed)
      """;

  private static final int STEP_RETRIES_MAX = 3;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  /** The keys of the operation types a bank may send back after completion. */
  private final String[] returnable;

  TransactionStore(JdbcClient jdbc, JsonMapper json, OperationTypes types) {
    this.jdbc = jdbc;
    this.json = json;
    this.returnable = types.returnableKeys().toArray(String[]::new);
  }

  /**
   * Inserts the row with its first tracker step, {@code firstStep} at the row's creation time,
   * unless the user already used the idempotency key; true when inserted. One statement (a
   * data-modifying CTE): the step is written exactly when the row is, with seq 1 as the row is
   * new, and the request path saves a round trip.
   */
  boolean insert(PaymentTransaction t, TrackerStep firstStep) {
    return jdbc.sql("""
        with inserted as (
          insert into payments.transactions (id, user_id, operation, state, amount_minor,
            currency, fee_minor, target_amount_minor, target_currency, fx_rate, quote_id,
            card_id, bank_account_id, counterparty_user_id, counterparty, recipient_bank, note,
            rail, limit_amount_minor, risk_reasons, expected_at, idempotency_key, request_hash,
            created_at, updated_at)
          values (:id, :user, :op, :state, :amount, :currency, :fee, :target, :targetCurrency,
            :rate, :quote, :card, :bank, :cpUser, :cp, cast(:recipientBank as jsonb), :note,
            :rail, :limitAmount, cast(:risk as text[]), :expected, :key, :hash, :now, :now)
          on conflict (user_id, idempotency_key) do nothing
          returning id),
        listed as (
          insert into payments.work_list (transaction_id, state, updated_at)
          select id, :state, :now from inserted)
        insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
        select id, 1, :firstStep, :now, null from inserted
        """)
        .param("firstStep", firstStep.key())
        .param("id", t.id()).param("user", t.userId()).param("op", t.operation())
        .param("state", t.state().key()).param("amount", t.amountMinor())
        .param("currency", t.currency().getCurrencyCode()).param("fee", t.feeMinor())
        .param("target", t.targetAmountMinor())
        .param("targetCurrency", t.targetCurrency() == null ? null
            : t.targetCurrency().getCurrencyCode())
        .param("rate", t.fxRate()).param("quote", t.quoteId()).param("card", t.cardId())
        .param("bank", t.bankAccountId()).param("cpUser", t.counterpartyUserId())
        .param("cp", t.counterparty())
        .param("recipientBank", t.recipientBank() == null ? null
            : json.writeValueAsString(t.recipientBank()))
        .param("note", t.note()).param("rail", t.rail() == null ? null : t.rail().key())
        .param("limitAmount", t.limitAmountMinor())
        .param("risk", "{" + String.join(",", t.riskReasons()) + "}")
        .param("expected", ts(t.expectedAt())).param("key", t.idempotencyKey())
        .param("hash", t.requestHash()).param("now", ts(t.createdAt()))
        .update() == 1;
  }

  Optional<PaymentTransaction> byKey(UUID userId, String idempotencyKey) {
    return jdbc.sql("select " + COLUMNS
            + " from payments.transactions where user_id = :user and idempotency_key = :key")
        .param("user", userId).param("key", idempotencyKey).query(this::row).optional();
  }

  Optional<PaymentTransaction> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from payments.transactions where id = :id")
        .param("id", id).query(this::row).optional();
  }

  /** The transaction if the user made it or received it; empty otherwise. */
  Optional<PaymentTransaction> visibleTo(UUID userId, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from payments.transactions where id = :id"
            + " and (user_id = :user or counterparty_user_id = :user)")
        .param("id", id).param("user", userId).query(this::row).optional();
  }

  /** Moves the state if it is still {@code from}; false when someone else moved it first. */
  boolean move(UUID id, TransactionState from, TransactionState to, String failureCode,
      Instant now) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("no move from " + from + " to " + to);
    }
    return jdbc.sql("""
        with moved as (
          update payments.transactions
             set state = :to, failure_code = :failure, updated_at = :now
           where id = :id and state = :from
          returning id, %s as listed),
        %s
        select count(*) from moved
        """.formatted(LISTED, WORK_LIST_IN_STEP)).param("id", id).param("from", from.key())
        .param("to", to.key()).param("failure", failureCode).param("now", ts(now))
        .param("returnable", returnable).query(Integer.class).single() == 1;
  }

  /**
   * {@link #move} and {@link #step} in one statement (a data-modifying CTE): the step is written
   * exactly when the move wins. The update locks the row and every move changes the state, so
   * two moves never take the same seq; a step written at the same moment outside a move (a
   * complaint) can, and then the primary key refuses this insert and the move's transaction
   * rolls back, as it did when the two were separate statements in that transaction.
   */
  boolean moveWithStep(UUID id, TransactionState from, TransactionState to, String failureCode,
      TrackerStep step, String detail, Instant now) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("no move from " + from + " to " + to);
    }
    return jdbc.sql("""
        with moved as (
          update payments.transactions
             set state = :to, failure_code = :failure, updated_at = :now
           where id = :id and state = :from
          returning id, %s as listed),
        %s
        insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
        select m.id, coalesce((select max(s.seq) from payments.transaction_steps s
                                where s.transaction_id = m.id), 0) + 1, :step, :now, :detail
          from moved m
        """.formatted(LISTED, WORK_LIST_IN_STEP)).param("id", id).param("from", from.key())
        .param("to", to.key()).param("failure", failureCode).param("step", step.key())
        .param("detail", detail).param("now", ts(now)).param("returnable", returnable)
        .update() == 1;
  }

  /**
   * {@link #moveWithStep} for many transactions in one statement, all from {@code from} to
   * {@code to} without a failure code, at {@code now}: the ones still in {@code from} move and
   * get their step; returns their ids. Two batches never hold the same transaction (each is
   * completed by the request that recorded it), so the rows' lock order cannot make a cycle.
   */
  Set<UUID> moveAllWithStep(List<UUID> ids, TransactionState from, TransactionState to,
      TrackerStep step, Instant now) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("no move from " + from + " to " + to);
    }
    String[] sorted = ids.stream().sorted().map(UUID::toString).toArray(String[]::new);
    return new HashSet<>(jdbc.sql("""
        with moved as (
          update payments.transactions t
             set state = :to, failure_code = null, updated_at = :now
            from unnest(cast(:ids as uuid[])) as i(id)
           where t.id = i.id and t.state = :from
          returning t.id, %s as listed),
        %s
        insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
        select m.id, coalesce((select max(s.seq) from payments.transaction_steps s
                                where s.transaction_id = m.id), 0) + 1, :step, :now, null
          from moved m
        returning transaction_id
        """.formatted(LISTED, WORK_LIST_IN_STEP)).param("ids", sorted).param("from", from.key())
        .param("to", to.key()).param("step", step.key()).param("now", ts(now))
        .param("returnable", returnable).query(UUID.class).list());
  }

  /**
   * The rail took the transaction: its reference (the first one changes the search index, so
   * that one update is not HOT) and expected arrival. The work list's time moves with the row's.
   */
  void railAccepted(UUID id, String railReference, Instant expectedAt, Instant now) {
    jdbc.sql("""
        with accepted as (
          update payments.transactions
             set rail_reference = coalesce(:ref, rail_reference), expected_at = :expected,
                 updated_at = :now
           where id = :id
          returning id)
        update payments.work_list w set updated_at = :now
          from accepted a where w.transaction_id = a.id
        """).param("id", id).param("ref", railReference).param("expected", ts(expectedAt))
        .param("now", ts(now)).update();
  }

  /** Appends a tracker step; the next number is taken under the primary key, retried on a race. */
  void step(UUID id, TrackerStep step, String detail, Instant at) {
    for (int attempt = 1; ; attempt++) {
      try {
        jdbc.sql("""
            insert into payments.transaction_steps (transaction_id, seq, step, at, detail)
            select :id, coalesce(max(seq), 0) + 1, :step, :at, :detail
              from payments.transaction_steps where transaction_id = :id
            """).param("id", id).param("step", step.key()).param("at", ts(at))
            .param("detail", detail).update();
        return;
      } catch (DuplicateKeyException race) {
        if (attempt >= STEP_RETRIES_MAX) {
          throw race;
        }
      }
    }
  }

  List<Step> steps(UUID id) {
    return jdbc.sql("""
        select step, at, detail from payments.transaction_steps
         where transaction_id = :id order by seq
        """).param("id", id).query((rs, n) -> new Step(rs.getString("step"),
            instant(rs, "at"), rs.getString("detail"))).list();
  }

  /** Maps a row selected with {@link #COLUMNS}. */
  PaymentTransaction row(ResultSet rs, int n) throws SQLException {
    String targetCurrency = rs.getString("target_currency");
    String rail = rs.getString("rail");
    String recipientBank = rs.getString("recipient_bank");
    long target = rs.getLong("target_amount_minor");
    Long targetOrNull = rs.wasNull() ? null : target;
    return new PaymentTransaction(rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("operation"),
        TransactionState.fromKey(rs.getString("state")), rs.getLong("amount_minor"),
        Currency.getInstance(rs.getString("currency")), rs.getLong("fee_minor"),
        targetOrNull,
        targetCurrency == null ? null : Currency.getInstance(targetCurrency),
        rs.getBigDecimal("fx_rate"), rs.getObject("quote_id", UUID.class),
        rs.getObject("card_id", UUID.class), rs.getObject("bank_account_id", UUID.class),
        rs.getObject("counterparty_user_id", UUID.class), rs.getString("counterparty"),
        recipientBank == null ? null : json.readValue(recipientBank, BankAccountDetails.class),
        rs.getString("note"), rail == null ? null : Rail.valueOf(rail.toUpperCase(Locale.ROOT)),
        rs.getString("rail_reference"), rs.getString("failure_code"),
        rs.getLong("limit_amount_minor"), strings(rs.getArray("risk_reasons")),
        instant(rs, "expected_at"), rs.getString("idempotency_key"),
        rs.getString("request_hash"), instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  static OffsetDateTime ts(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }
}
