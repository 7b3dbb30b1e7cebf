package org.okpay.audit.internal;

import static org.okpay.audit.internal.EventStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The checkpoints table (insert only) and the chain heads it signs. */
@Component
class CheckpointStore {

  /** A chain's end as its head row says. */
  record HeadRow(String chain, long lastSeq, String lastHash) {
  }

  private final JdbcClient jdbc;

  CheckpointStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The cluster-wide claim of one checkpoint run: a transaction-scoped advisory lock, so two
   * instances whose timers fire together sign once.
   */
  boolean claimRun() {
    return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:key)")
        .param("key", 0x6f6b7061_79617564L).query(Boolean.class).single());
  }

  List<HeadRow> heads() {
    return jdbc.sql("""
        select chain, last_seq, last_hash from audit.chain_heads where last_seq > 0 order by chain
        """).query((rs, n) -> new HeadRow(rs.getString("chain"), rs.getLong("last_seq"),
        rs.getString("last_hash"))).list();
  }

  /** The highest checkpointed seq of every chain that has a checkpoint. */
  Map<String, Long> checkpointedSeqs() {
    return jdbc.sql("select chain, max(last_seq) as seq from audit.checkpoints group by chain")
        .query((rs, n) -> Map.entry(rs.getString("chain"), rs.getLong("seq"))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  void insert(Checkpoint cp) {
    int rows = jdbc.sql("""
        insert into audit.checkpoints (chain, last_seq, last_hash, at, key_id, public_key, signature)
        values (:chain, :seq, :hash, :at, :keyId, :publicKey, :signature)
        """).param("chain", cp.chain()).param("seq", cp.lastSeq()).param("hash", cp.lastHash())
        .param("at", utc(cp.at())).param("keyId", cp.keyId()).param("publicKey", cp.publicKey())
        .param("signature", cp.signature()).update();
    if (rows != 1) {
      throw new IllegalStateException("insert audit checkpoint: " + rows + " rows");
    }
  }

  /** The chain's checkpoint with the highest seq (the latest one of those), if any. */
  Optional<Checkpoint> latest(String chain) {
    return jdbc.sql("""
        select * from audit.checkpoints where chain = :chain
         order by last_seq desc, id desc limit 1
        """).param("chain", chain).query(CheckpointStore::checkpoint).optional();
  }

  private static Checkpoint checkpoint(ResultSet rs, int n) throws SQLException {
    return new Checkpoint(rs.getString("chain"), rs.getLong("last_seq"), rs.getString("last_hash"),
        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("key_id"),
        rs.getString("public_key"), rs.getString("signature"));
  }
}
