package org.okpay.ledger.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;

/**
 * The SQL of the batched write path: a handful of set-based statements per batch, whatever its
 * size (see docs/benchmarks.md for why this shape). All run on the writer's connection, inside
 * its transaction.
 */
final class BatchStore {

  private static final String FIND_TRANSFERS = """
      select id, seq, kind, debit_account_id, credit_account_id, amount, currency, pending_id,
             timeout_at, code, reference, metadata::text as metadata, created_at
        from ledger.transfers
       where id = any(?)
      """;

  // Locks in ascending id order: every writer of every instance takes locks in the same order,
  // so batches that share accounts wait for each other instead of deadlocking.
  private static final String LOCK_ACCOUNTS = """
      select id, shard_key, currency, status, may_go_negative,
             debits_posted, credits_posted, debits_pending, credits_pending
        from ledger.accounts
       where id = any(?)
       order by id
         for update
      """;

  // Read after the locks are held, so a transfer or settlement committed by a batch that held
  // them before us is seen. The clock is read here too: it stamps the batch and decides expiry.
  private static final String FIND_TRANSFERS_AND_SETTLEMENTS = """
      select n.now, t.id, t.seq, t.kind, t.debit_account_id, t.credit_account_id, t.amount,
             t.currency, t.pending_id, t.timeout_at, t.code, t.reference,
             t.metadata::text as metadata, t.created_at,
             case when t.kind = 'pending'
                  then (select r.kind from ledger.transfers r where r.pending_id = t.id)
             end as settled_by
        from (select clock_timestamp() as now) n
        left join ledger.transfers t on t.id = any(?)
      """;

  private static final String UPDATE_BALANCES = """
      update ledger.accounts a
         set debits_posted   = a.debits_posted   + d.debits_posted,
             credits_posted  = a.credits_posted  + d.credits_posted,
             debits_pending  = a.debits_pending  + d.debits_pending,
             credits_pending = a.credits_pending + d.credits_pending
        from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
             as d(id, debits_posted, credits_posted, debits_pending, credits_pending)
       where a.id = d.id
      """;

  private static final String INSERT_TRANSFERS = """
      insert into ledger.transfers (id, kind, debit_account_id, credit_account_id, amount,
             currency, pending_id, timeout_at, code, reference, metadata,
             debit_balance_after, debit_available_after, credit_balance_after,
             credit_available_after, created_at, shard_key)
      select t.id, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.currency,
             t.pending_id, t.timeout_at, t.code, t.reference, t.metadata::jsonb,
             t.debit_balance_after, t.debit_available_after, t.credit_balance_after,
             t.credit_available_after, t.created_at, t.shard_key
        from unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],
                    ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[],
                    ?::integer[])
             as t(id, kind, debit_account_id, credit_account_id, amount, currency, pending_id,
                  timeout_at, code, reference, metadata, debit_balance_after,
                  debit_available_after, credit_balance_after, credit_available_after,
                  created_at, shard_key)
      returning id, seq
      """;

  private static final String INSERT_TIMEOUTS = """
      insert into ledger.pending_timeouts (pending_id, expires_at, shard_key)
      select * from unnest(?::uuid[], ?::timestamptz[], ?::integer[])
      """;

  private static final String DELETE_TIMEOUTS =
      "delete from ledger.pending_timeouts where pending_id = any(?)";

  private final MetadataCodec metadata;

  BatchStore(MetadataCodec metadata) {
    this.metadata = metadata;
  }

  /** Transfers by id, without locks: used to learn which accounts a post or void touches. */
  Map<UUID, Transfer> findTransfers(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, Transfer> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps = c.prepareStatement(FIND_TRANSFERS)) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Transfer t = TransferRows.transfer(rs, metadata);
          found.put(t.id(), t);
        }
      }
    }
    return found;
  }

  /** What the database knows of these ids, read under the batch's locks. */
  record Known(Instant now, Map<UUID, Transfer> transfers, Map<UUID, TransferKind> settlements) {
  }

  /** The batch's accounts, locked, and what was known of its ids once they were. */
  record Locked(Map<Long, AccountState> accounts, Known known) {
  }

  /**
   * Locks the accounts, then reads what is known of the ids: two statements sent in one round
   * trip. The server runs them one after the other, each with its own snapshot (read committed),
   * so the read still starts only once every lock is held and sees every batch that held them
   * before us, exactly as if it had been sent separately.
   */
  Locked lockAndFindKnown(Connection c, Set<Long> accountIds, Collection<UUID> ids)
      throws SQLException {
    if (accountIds.isEmpty()) {
      return new Locked(new TreeMap<>(), findKnown(c, ids));
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK_ACCOUNTS + ";\n"
        + FIND_TRANSFERS_AND_SETTLEMENTS)) {
      ps.setArray(1, c.createArrayOf("bigint", accountIds.toArray()));
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      if (!ps.execute()) {
        throw new IllegalStateException("locking accounts returned no rows");
      }
      Map<Long, AccountState> locked;
      try (ResultSet rs = ps.getResultSet()) {
        locked = readAccounts(rs);
      }
      if (!ps.getMoreResults()) {
        throw new IllegalStateException("reading known transfers returned no rows");
      }
      try (ResultSet rs = ps.getResultSet()) {
        return new Locked(locked, readKnown(rs));
      }
    }
  }

  Known findKnown(Connection c, Collection<UUID> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND_TRANSFERS_AND_SETTLEMENTS)) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        return readKnown(rs);
      }
    }
  }

  private static Map<Long, AccountState> readAccounts(ResultSet rs) throws SQLException {
    Map<Long, AccountState> locked = new TreeMap<>();
    while (rs.next()) {
      long id = rs.getLong("id");
      locked.put(id, new AccountState(id, rs.getInt("shard_key"),
          Currency.getInstance(rs.getString("currency")),
          AccountStatus.fromDb(rs.getString("status")), rs.getBoolean("may_go_negative"),
          rs.getLong("debits_posted"), rs.getLong("credits_posted"),
          rs.getLong("debits_pending"), rs.getLong("credits_pending")));
    }
    return locked;
  }

  private Known readKnown(ResultSet rs) throws SQLException {
    Map<UUID, Transfer> transfers = new HashMap<>();
    Map<UUID, TransferKind> settlements = new HashMap<>();
    Instant now = null;
    while (rs.next()) {
      now = rs.getObject("now", java.time.OffsetDateTime.class).toInstant();
      if (rs.getObject("id") == null) {
        continue;
      }
      Transfer t = TransferRows.transfer(rs, metadata);
      transfers.put(t.id(), t);
      String settledBy = rs.getString("settled_by");
      if (settledBy != null) {
        settlements.put(t.id(), TransferKind.fromDb(settledBy));
      }
    }
    return new Known(now, transfers, settlements);
  }

  /**
   * Writes the batch's effects in one round trip: the net balance deltas, the new transfers and
   * the timeout work list, each a set-based statement that is sent only when it has rows, run in
   * this order inside the writer's transaction. Returns the sequence number of each new transfer.
   */
  Map<UUID, Long> writeEffects(Connection c, List<AccountState> changed, List<NewTransfer> rows,
      Map<UUID, Instant> timeoutsAdded, Set<UUID> timeoutsRemoved) throws SQLException {
    StringBuilder sql = new StringBuilder();
    appendIf(sql, !changed.isEmpty(), UPDATE_BALANCES);
    appendIf(sql, !rows.isEmpty(), INSERT_TRANSFERS);
    appendIf(sql, !timeoutsAdded.isEmpty(), INSERT_TIMEOUTS);
    appendIf(sql, !timeoutsRemoved.isEmpty(), DELETE_TIMEOUTS);
    Map<UUID, Long> sequences = new HashMap<>();
    if (sql.isEmpty()) {
      return sequences;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int next = 1;
      next = changed.isEmpty() ? next : bindBalances(c, ps, next, changed);
      next = rows.isEmpty() ? next : bindTransfers(c, ps, next, rows);
      if (!timeoutsAdded.isEmpty()) {
        ps.setArray(next++, c.createArrayOf("uuid", timeoutsAdded.keySet().toArray()));
        ps.setArray(next++, c.createArrayOf("text",
            timeoutsAdded.values().stream().map(Instant::toString).toArray()));
        ps.setArray(next++, c.createArrayOf("integer", shardKeys(rows, timeoutsAdded.keySet())));
      }
      if (!timeoutsRemoved.isEmpty()) {
        ps.setArray(next, c.createArrayOf("uuid", timeoutsRemoved.toArray()));
      }
      boolean resultSet = ps.execute();
      if (!changed.isEmpty()) {
        expectCount("updated accounts", resultSet ? -1 : ps.getUpdateCount(), changed.size());
        resultSet = ps.getMoreResults();
      }
      if (!rows.isEmpty()) {
        if (!resultSet) {
          throw new IllegalStateException("inserting transfers returned no sequence numbers");
        }
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            sequences.put(rs.getObject(1, UUID.class), rs.getLong(2));
          }
        }
        expectCount("inserted transfers", sequences.size(), rows.size());
        resultSet = ps.getMoreResults();
      }
      if (!timeoutsAdded.isEmpty()) {
        expectCount("inserted timeouts", resultSet ? -1 : ps.getUpdateCount(),
            timeoutsAdded.size());
      }
    }
    return sequences;
  }

  private static void appendIf(StringBuilder sql, boolean needed, String statement) {
    if (needed) {
      sql.append(sql.isEmpty() ? "" : ";\n").append(statement);
    }
  }

  private static void expectCount(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
    }
  }

  private static int bindBalances(Connection c, PreparedStatement ps, int first,
      List<AccountState> changed) throws SQLException {
    int n = changed.size();
    Long[] ids = new Long[n];
    Long[] dp = new Long[n];
    Long[] cp = new Long[n];
    Long[] dpe = new Long[n];
    Long[] cpe = new Long[n];
    for (int i = 0; i < n; i++) {
      AccountState a = changed.get(i);
      ids[i] = a.id;
      dp[i] = a.deltaDebitsPosted();
      cp[i] = a.deltaCreditsPosted();
      dpe[i] = a.deltaDebitsPending();
      cpe[i] = a.deltaCreditsPending();
    }
    Long[][] columns = {ids, dp, cp, dpe, cpe};
    for (Long[] column : columns) {
      ps.setArray(first++, c.createArrayOf("bigint", column));
    }
    return first;
  }

  private int bindTransfers(Connection c, PreparedStatement ps, int first, List<NewTransfer> rows)
      throws SQLException {
    int n = rows.size();
    Object[][] columns = new Object[17][n];
    for (int i = 0; i < n; i++) {
      NewTransfer row = rows.get(i);
      Transfer t = row.transfer();
      columns[0][i] = t.id();
      columns[1][i] = t.kind().dbValue();
      columns[2][i] = t.debitAccountId();
      columns[3][i] = t.creditAccountId();
      columns[4][i] = t.amountMinor();
      columns[5][i] = t.currency().getCurrencyCode();
      columns[6][i] = t.pendingId();
      columns[7][i] = t.timeoutAt() == null ? null : t.timeoutAt().toString();
      columns[8][i] = t.code();
      columns[9][i] = t.reference();
      columns[10][i] = t.metadata().isEmpty() ? null : metadata.encode(t.metadata());
      columns[11][i] = row.debitBalanceAfter();
      columns[12][i] = row.debitAvailableAfter();
      columns[13][i] = row.creditBalanceAfter();
      columns[14][i] = row.creditAvailableAfter();
      columns[15][i] = t.createdAt().toString();
      columns[16][i] = row.shardKey();
    }
    String[] types = {"uuid", "text", "bigint", "bigint", "bigint", "text", "uuid", "text",
        "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "text", "integer"};
    for (int col = 0; col < columns.length; col++) {
      ps.setArray(first++, array(c, types[col], columns[col]));
    }
    return first;
  }

  /** A hold's timeout row is stored under the hold's shard key; every hold is new in the batch. */
  private static Object[] shardKeys(List<NewTransfer> rows, Set<UUID> holdIds) {
    Map<UUID, Integer> byId = new HashMap<>();
    for (NewTransfer row : rows) {
      byId.put(row.transfer().id(), row.shardKey());
    }
    return holdIds.stream().map(id -> {
      Integer key = byId.get(id);
      if (key == null) {
        throw new IllegalStateException("timeout for a hold not written in this batch: " + id);
      }
      return key;
    }).toArray();
  }

  private static Array array(Connection c, String type, Object[] values) throws SQLException {
    return c.createArrayOf(type, values);
  }
}
