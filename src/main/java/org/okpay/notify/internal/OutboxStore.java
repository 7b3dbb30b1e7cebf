package org.okpay.notify.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox table. Writes from {@link #insert} join the caller's transaction. A claim moves a
 * row's {@code next_attempt_at} one lease ahead and stamps it with a token: the row is then
 * invisible to every other claimant until the lease ends, without holding a lock or a connection
 * while the e-mail goes out.
 */
@Component
class OutboxStore {

  static final int ERROR_CHARS_MAX = 500;

  /*
   * NOT_DONE: the statements that take a batch's rows by id = any(ids) say the row is still
   * pending as "status not in ('sent', 'failed')" (the same thing: the table allows only those
   * three), not "status = 'pending'". That form matches outbox_due's predicate, and where the
   * table's statistics are stale (a busy queue between two ANALYZEs) the planner ANDed a scan of
   * that whole index (every pending row, and the dead entries of delivered ones) into each
   * batch's update: 57 ms instead of 12 on a 16,000-row backlog, growing with it, so a dispatcher
   * that fell behind fell further behind (docs/benchmarks.md, "Issue 14: notifications keep
   * pace"). By id alone it reads only the batch's rows.
   */

  private final JdbcClient jdbc;

  OutboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record NewRow(OutboxRow.Channel channel, String recipient, String locale, String template,
      String variablesJson, String link, String dedupKey, byte[] requestHash) {

    Key key() {
      return new Key(channel, dedupKey);
    }
  }

  /** What a dedup key is unique within: its channel. */
  record Key(OutboxRow.Channel channel, String dedupKey) {
  }

  record Existing(long id, byte[] requestHash) {
  }

  /** The new row's id, or empty when the dedup key is taken (then nothing was written). */
  Optional<Long> insert(NewRow row) {
    return jdbc.sql("""
        insert into notify.outbox
          (channel, recipient, locale, template, variables, link, dedup_key, request_hash)
        values (:channel, :recipient, :locale, :template, cast(:variables as jsonb), :link,
                :dedupKey, :hash)
        on conflict (channel, dedup_key) where dedup_key is not null do nothing
        returning id
        """)
        .param("channel", row.channel().dbValue())
        .param("recipient", row.recipient())
        .param("locale", row.locale())
        .param("template", row.template())
        .param("variables", row.variablesJson())
        .param("link", row.link())
        .param("dedupKey", row.dedupKey())
        .param("hash", row.requestHash())
        .query(Long.class).optional();
  }

  Existing byDedupKey(OutboxRow.Channel channel, String dedupKey) {
    return jdbc.sql("""
        select id, request_hash from notify.outbox where channel = :channel and dedup_key = :key
        """)
        .param("channel", channel.dbValue()).param("key", dedupKey)
        .query((rs, n) -> new Existing(rs.getLong("id"), rs.getBytes("request_hash")))
        .single();
  }

  /**
   * Writes many rows in one statement, in order, each as {@link #insert} would (within the
   * caller's transaction); the dedup keys must differ from each other. The answer is in the order
   * of {@code rows}: each new row's id, or empty when its dedup key was taken.
   */
  List<Optional<Long>> insertAll(List<NewRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int n = rows.size();
    String[][] text = new String[8][n];
    for (int i = 0; i < n; i++) {
      NewRow row = rows.get(i);
      text[0][i] = row.channel().dbValue();
      text[1][i] = row.recipient();
      text[2][i] = row.locale();
      text[3][i] = row.template();
      text[4][i] = row.variablesJson();
      text[5][i] = row.link();
      text[6][i] = row.dedupKey();
      text[7][i] = HexFormat.of().formatHex(row.requestHash());
    }
    // RETURNING names only the table's columns, so each new row is matched back to its request
    // by its dedup key, or (no key: always written) by channel and request hash; requests alike
    // in both are alike in everything, so which of their ids each gets does not matter.
    List<Inserted> inserted = jdbc.sql("""
        insert into notify.outbox
          (channel, recipient, locale, template, variables, link, dedup_key, request_hash)
        select r.channel, r.recipient, r.locale, r.template, cast(r.variables as jsonb), r.link,
               r.dedup_key, decode(r.hash, 'hex')
          from unnest(cast(:channels as text[]), cast(:recipients as text[]),
                      cast(:locales as text[]), cast(:templates as text[]),
                      cast(:variables as text[]), cast(:links as text[]),
                      cast(:keys as text[]), cast(:hashes as text[]))
               with ordinality
               as r(channel, recipient, locale, template, variables, link, dedup_key, hash, n)
         order by r.n
        on conflict (channel, dedup_key) where dedup_key is not null do nothing
        returning id, channel, dedup_key, encode(request_hash, 'hex') as hash
        """)
        .param("channels", text[0]).param("recipients", text[1]).param("locales", text[2])
        .param("templates", text[3]).param("variables", text[4]).param("links", text[5])
        .param("keys", text[6]).param("hashes", text[7])
        .query((rs, i) -> new Inserted(rs.getLong("id"), rs.getString("channel"),
            rs.getString("dedup_key"), rs.getString("hash")))
        .list();
    Map<String, ArrayDeque<Long>> ids = new HashMap<>();
    inserted.stream().sorted(Comparator.comparingLong(Inserted::id)).forEach(row ->
        ids.computeIfAbsent(row.match(), k -> new ArrayDeque<>()).add(row.id()));
    List<Optional<Long>> answer = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ArrayDeque<Long> mine = ids.get(Inserted.match(text[0][i], text[6][i], text[7][i]));
      answer.add(Optional.ofNullable(mine == null ? null : mine.poll()));
    }
    return answer;
  }

  private record Inserted(long id, String channel, String dedupKey, String hash) {

    String match() {
      return match(channel, dedupKey, hash);
    }

    static String match(String channel, String dedupKey, String hash) {
      return dedupKey == null ? channel + " hash " + hash : channel + " key " + dedupKey;
    }
  }

  /** The rows that hold these dedup keys, by key; in one statement. */
  Map<Key, Existing> byDedupKeys(List<Key> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<Key, Existing> found = new HashMap<>();
    record Found(Key key, Existing row) {
    }
    jdbc.sql("""
        select o.id, o.channel, o.dedup_key, o.request_hash
          from notify.outbox o
          join unnest(cast(:channels as text[]), cast(:keys as text[])) as k(channel, dedup_key)
            on o.channel = k.channel and o.dedup_key = k.dedup_key
        """)
        .param("channels", keys.stream().map(k -> k.channel().dbValue()).toArray(String[]::new))
        .param("keys", keys.stream().map(Key::dedupKey).toArray(String[]::new))
        .query((rs, i) -> new Found(new Key(OutboxRow.Channel.fromDb(rs.getString("channel")),
            rs.getString("dedup_key")), new Existing(rs.getLong("id"), rs.getBytes("request_hash"))))
        .list().forEach(f -> found.put(f.key(), f.row()));
    return found;
  }

  /**
   * Claims up to {@code limit} due rows for one lease, oldest due first, skipping rows another
   * instance is claiming at this moment. One statement, so one transaction.
   */
  List<OutboxRow> claim(int limit, Duration lease, UUID token) {
    return jdbc.sql("""
        with due as (
          select id from notify.outbox
           where status = 'pending' and next_attempt_at <= clock_timestamp()
           order by next_attempt_at, id
           limit :limit
           for update skip locked)
        update notify.outbox o
           set attempts = o.attempts + 1,
               last_attempt_at = clock_timestamp(),
               next_attempt_at = clock_timestamp() + make_interval(secs => :leaseSeconds),
               claim_token = :token
          from due
         where o.id = due.id
        returning o.id, o.channel, o.recipient, o.locale, o.template, o.variables::text,
                  o.link, o.attempts, o.claim_token, o.created_at
        """)
        .param("limit", limit)
        .param("leaseSeconds", lease.toMillis() / 1000.0)
        .param("token", token)
        .query((rs, n) -> new OutboxRow(
            rs.getLong("id"),
            OutboxRow.Channel.fromDb(rs.getString("channel")),
            rs.getString("recipient"),
            Locales.fromTag(rs.getString("locale")),
            rs.getString("template"),
            rs.getString("variables"),
            rs.getString("link"),
            rs.getInt("attempts"),
            rs.getObject("claim_token", UUID.class),
            NotificationStore.instant(rs, "created_at")))
        .list().stream().sorted(Comparator.comparingLong(OutboxRow::id)).toList();
  }

  /** Records delivery; false when the claim was lost (the lease ran out and someone re-claimed). */
  boolean markSent(OutboxRow row) {
    return jdbc.sql("""
        update notify.outbox
           set status = 'sent', sent_at = clock_timestamp(), claim_token = null, last_error = null
         where id = :id and claim_token = :token and status = 'pending'
        """).param("id", row.id()).param("token", row.claimToken()).update() == 1;
  }

  /**
   * Records the delivery of rows claimed under {@code token}, in one statement: the ids it marked.
   * A row missing from the answer had its claim lost (its lease ran out and another claimant took
   * it), so its new claimant decides what happens to it.
   */
  Set<Long> markSentAll(UUID token, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    // NOT_DONE, not "status = 'pending'", see there.
    return new HashSet<>(jdbc.sql("""
        update notify.outbox
           set status = 'sent', sent_at = clock_timestamp(), claim_token = null, last_error = null
         where id = any(:ids) and claim_token = :token and status not in ('sent', 'failed')
        returning id
        """).param("ids", ids.stream().mapToLong(Long::longValue).toArray())
        .param("token", token).query(Long.class).list());
  }

  /** Hands rows of one claim back untried, as {@link #release} does, in one statement. */
  int releaseAll(UUID token, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.sql("""
        update notify.outbox
           set next_attempt_at = clock_timestamp(), attempts = attempts - 1, claim_token = null
         where id = any(:ids) and claim_token = :token and status not in ('sent', 'failed')
        """).param("ids", ids.stream().mapToLong(Long::longValue).toArray())
        .param("token", token).update();
  }

  /** Schedules the next attempt {@code delay} from now. */
  boolean markRetry(OutboxRow row, Duration delay, String error) {
    return jdbc.sql("""
        update notify.outbox
           set next_attempt_at = clock_timestamp() + make_interval(secs => :delaySeconds),
               claim_token = null, last_error = :error
         where id = :id and claim_token = :token and status = 'pending'
        """)
        .param("delaySeconds", delay.toMillis() / 1000.0)
        .param("error", truncate(error))
        .param("id", row.id()).param("token", row.claimToken())
        .update() == 1;
  }

  /** Gives up on the row for good. */
  boolean markFailed(OutboxRow row, String error) {
    return jdbc.sql("""
        update notify.outbox
           set status = 'failed', claim_token = null, last_error = :error
         where id = :id and claim_token = :token and status = 'pending'
        """)
        .param("error", truncate(error))
        .param("id", row.id()).param("token", row.claimToken())
        .update() == 1;
  }

  /** Hands a claimed row back untried (too little lease left): due now, the attempt not counted. */
  boolean release(OutboxRow row) {
    return jdbc.sql("""
        update notify.outbox
           set next_attempt_at = clock_timestamp(), attempts = attempts - 1, claim_token = null
         where id = :id and claim_token = :token and status = 'pending'
        """).param("id", row.id()).param("token", row.claimToken()).update() == 1;
  }

  /** Deletes up to {@code limit} delivered or failed rows older than {@code age}. */
  int purge(Duration age, int limit) {
    return jdbc.sql("""
        delete from notify.outbox where id in (
          select id from notify.outbox
           where status <> 'pending'
             and created_at < clock_timestamp() - make_interval(secs => :ageSeconds)
           limit :limit)
        """).param("ageSeconds", (double) age.toSeconds()).param("limit", limit).update();
  }

  static String truncate(String text) {
    if (text == null) {
      return null;
    }
    return text.length() <= ERROR_CHARS_MAX ? text : text.substring(0, ERROR_CHARS_MAX);
  }

  /** Pending messages queued more than {@code lateAfter} ago, counted up to {@code cap}. */
  int lateCount(java.time.Duration lateAfter, int cap) {
    return jdbc.sql("""
        select count(*) from (
          select 1 from notify.outbox
           where status = 'pending' and created_at < clock_timestamp() - make_interval(secs => :late)
           limit :cap) late
        """).param("late", lateAfter.toSeconds()).param("cap", cap)
        .query(Integer.class).single();
  }
}
