package org.okpay.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.audit.AuditEntry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The audit tables: events, chain heads. Only inserts into events, never anything else. */
@Component
class EventStore {

  /** The end of a chain as its head row says. */
  record Head(long lastSeq, String lastHash) {
  }

  /** Keyset position of the newest-first listing. */
  record Position(Instant at, String chain, long seq) {
  }

  private static final TypeReference<LinkedHashMap<String, String>> DETAILS =
      new TypeReference<>() {
      };

  private final JdbcClient jdbc;
  private final JsonMapper json;

  EventStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The chain's head, locked until the transaction ends; a new chain gets its head row first
   * (two first appends racing both insert-or-nothing, then queue on the same row lock).
   */
  Head lockHead(String chain) {
    jdbc.sql("""
        insert into audit.chain_heads (chain, last_seq, last_hash) values (:chain, 0, :genesis)
        on conflict (chain) do nothing
        """).param("chain", chain).param("genesis", Canonical.GENESIS).update();
    return jdbc.sql("select last_seq, last_hash from audit.chain_heads where chain = :chain for update")
        .param("chain", chain)
        .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash"))).single();
  }

  /** Appends the row and moves the head onto it (the head's trigger checks the step). */
  void append(Canonical.Row row, String prevHash, String hash) {
    int rows = jdbc.sql("""
        insert into audit.events (chain, seq, at, action, actor_type, actor_id, subject_type,
                                  subject_id, reason, details, prev_hash, hash)
        values (:chain, :seq, :at, :action, :actorType, :actorId, :subjectType, :subjectId,
                :reason, cast(:details as jsonb), :prev, :hash)
        """).param("chain", row.chain()).param("seq", row.seq()).param("at", utc(row.at()))
        .param("action", row.action()).param("actorType", row.actorType())
        .param("actorId", row.actorId(), java.sql.Types.VARCHAR)
        .param("subjectType", row.subjectType(), java.sql.Types.VARCHAR)
        .param("subjectId", row.subjectId(), java.sql.Types.VARCHAR)
        .param("reason", row.reason(), java.sql.Types.VARCHAR)
        .param("details", json.writeValueAsString(row.details()))
        .param("prev", prevHash).param("hash", hash).update();
    assertOne(rows, "insert audit event");
    rows = jdbc.sql("""
        update audit.chain_heads set last_seq = :seq, last_hash = :hash where chain = :chain
        """).param("seq", row.seq()).param("hash", hash).param("chain", row.chain()).update();
    assertOne(rows, "move audit chain head");
  }

  Optional<Head> head(String chain) {
    return jdbc.sql("select last_seq, last_hash from audit.chain_heads where chain = :chain")
        .param("chain", chain)
        .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash"))).optional();
  }

  /** Every chain that has a head or a row, sorted. */
  List<String> chains() {
    return jdbc.sql("""
        select chain from audit.chain_heads
        union
        select distinct chain from audit.events
        order by 1
        """).query(String.class).list();
  }

  /** Up to {@code limit} rows of a chain after {@code afterSeq}, in seq order. */
  List<AuditEntry> walk(String chain, long afterSeq, int limit) {
    return jdbc.sql("""
        select * from audit.events where chain = :chain and seq > :after order by seq limit :limit
        """).param("chain", chain).param("after", afterSeq).param("limit", limit)
        .query(this::entry).list();
  }

  /** The row at {@code seq}, if it is there. */
  Optional<AuditEntry> at(String chain, long seq) {
    return jdbc.sql("select * from audit.events where chain = :chain and seq = :seq")
        .param("chain", chain).param("seq", seq).query(this::entry).optional();
  }

  /** A newest-first page of rows matching the filter, after {@code after} when given. */
  List<AuditEntry> page(Filter filter, Position after, int limit) {
    StringBuilder sql = new StringBuilder("select * from audit.events where true");
    Map<String, Object> params = new LinkedHashMap<>();
    if (filter.actionPrefix() != null) {
      sql.append(" and action like :prefix");
      params.put("prefix", likePrefix(filter.actionPrefix()));
    }
    if (filter.actorId() != null) {
      sql.append(" and actor_id = :actor");
      params.put("actor", filter.actorId());
    }
    if (filter.subjectType() != null) {
      sql.append(" and subject_type = :subjectType");
      params.put("subjectType", filter.subjectType());
    }
    if (filter.subjectId() != null) {
      sql.append(" and subject_id = :subjectId");
      params.put("subjectId", filter.subjectId());
    }
    if (filter.from() != null) {
      sql.append(" and at >= :from");
      params.put("from", utc(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" and at < :to");
      params.put("to", utc(filter.to()));
    }
    if (filter.chain() != null) {
      sql.append(" and chain = :chain");
      params.put("chain", filter.chain());
    }
    if (after != null) {
      sql.append(" and (at, chain, seq) < (:afterAt, :afterChain, :afterSeq)");
      params.put("afterAt", utc(after.at()));
      params.put("afterChain", after.chain());
      params.put("afterSeq", after.seq());
    }
    sql.append(" order by at desc, chain desc, seq desc limit :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(this::entry).list();
  }

  /** The listing's filters, already checked. */
  record Filter(String actionPrefix, String actorId, String subjectType, String subjectId,
      Instant from, Instant to, String chain) {
  }

  private AuditEntry entry(ResultSet rs, int n) throws SQLException {
    Map<String, String> details = json.readValue(rs.getString("details"), DETAILS);
    return new AuditEntry(rs.getString("chain"), rs.getLong("seq"),
        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("action"),
        rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("subject_type"),
        rs.getString("subject_id"), rs.getString("reason"), details, rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static void assertOne(int rows, String what) {
    if (rows != 1) {
      throw new IllegalStateException(what + ": " + rows + " rows");
    }
  }
}
