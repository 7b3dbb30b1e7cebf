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
      select id, currency, status, may_go_negative,
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
             credit_available_after, created_at)
      select t.id, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.currency,
             t.pending_id, t.timeout_at, t.code, t.reference, t.metadata::jsonb,
             t.debit_balance_after, t.debit_available_after, t.credit_balance_after,
             t.credit_available_after, t.created_at
        from unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],
                    ?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
                    ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])
             as t(id, kind, debit_account_id, credit_account_id, amount, currency, pending_id,
                  timeout_at, code, reference, metadata, debit_balance_after,
                  debit_available_after, credit_balance_after, credit_available_after,
                  created_at)
      returning id, seq
      """;

  private static final String INSERT_TIMEOUTS = """
      insert into ledger.pending_timeouts (pending_id, expires_at)
      select * from unnest(?::uuid[], ?::timestamptz[])
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

  Map<Long, AccountState> lockAccounts(Connection c, Set<Long> ids) throws SQLException {
    Map<Long, AccountState> locked = new TreeMap<>();
    if (ids.isEmpty()) {
      return locked;
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK_ACCOUNTS)) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          locked.put(id, new AccountState(id, Currency.getInstance(rs.getString("currency")),
              AccountStatus.fromDb(rs.getString("status")), rs.getBoolean("may_go_negative"),
              rs.getLong("debits_posted"), rs.getLong("credits_posted"),
              rs.getLong("debits_pending"), rs.getLong("credits_pending")));
        }
      }
    }
    return locked;
  }

  /** What the database knows of these ids, read under the batch's locks. */
  record Known(Instant now, Map<UUID, Transfer> transfers, Map<UUID, TransferKind> settlements) {
  }

  Known findKnown(Connection c, Collection<UUID> ids) throws SQLException {
    Map<UUID, Transfer> transfers = new HashMap<>();
    Map<UUID, TransferKind> settlements = new HashMap<>();
    Instant now = null;
    try (PreparedStatement ps = c.prepareStatement(FIND_TRANSFERS_AND_SETTLEMENTS)) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
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
      }
    }
    return new Known(now, transfers, settlements);
  }

  void updateBalances(Connection c, List<AccountState> changed) throws SQLException {
    if (changed.isEmpty()) {
      return;
    }
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
    try (PreparedStatement ps = c.prepareStatement(UPDATE_BALANCES)) {
      ps.setArray(1, c.createArrayOf("bigint", ids));
      ps.setArray(2, c.createArrayOf("bigint", dp));
      ps.setArray(3, c.createArrayOf("bigint", cp));
      ps.setArray(4, c.createArrayOf("bigint", dpe));
      ps.setArray(5, c.createArrayOf("bigint", cpe));
      int updated = ps.executeUpdate();
      if (updated != n) {
        throw new IllegalStateException("updated " + updated + " accounts, expected " + n);
      }
    }
  }

  /** Inserts the batch's transfers and returns the sequence number the database gave each. */
  Map<UUID, Long> insertTransfers(Connection c, List<NewTransfer> rows) throws SQLException {
    Map<UUID, Long> sequences = new HashMap<>();
    if (rows.isEmpty()) {
      return sequences;
    }
    int n = rows.size();
    Object[][] columns = new Object[16][n];
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
    }
    String[] types = {"uuid", "text", "bigint", "bigint", "bigint", "text", "uuid", "text",
        "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "text"};
    try (PreparedStatement ps = c.prepareStatement(INSERT_TRANSFERS)) {
      for (int col = 0; col < columns.length; col++) {
        ps.setArray(col + 1, array(c, types[col], columns[col]));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sequences.put(rs.getObject(1, UUID.class), rs.getLong(2));
        }
      }
    }
    if (sequences.size() != n) {
      throw new IllegalStateException("inserted " + sequences.size() + " transfers, expected " + n);
    }
    return sequences;
  }

  void updateTimeouts(Connection c, Map<UUID, Instant> added, Set<UUID> removed)
      throws SQLException {
    if (!added.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(INSERT_TIMEOUTS)) {
        ps.setArray(1, c.createArrayOf("uuid", added.keySet().toArray()));
        ps.setArray(2, c.createArrayOf("text",
            added.values().stream().map(Instant::toString).toArray()));
        ps.executeUpdate();
      }
    }
    if (!removed.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(DELETE_TIMEOUTS)) {
        ps.setArray(1, c.createArrayOf("uuid", removed.toArray()));
        ps.executeUpdate();
      }
    }
  }

  private static Array array(Connection c, String type, Object[] values) throws SQLException {
    return c.createArrayOf(type, values);
  }
}
