package org.okpay.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.MarkReadResult;
import org.okpay.notify.Notification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In-app notifications: written in the caller's transaction by {@link #writeAll}, or by the
 * dispatcher for in-app rows still in the outbox ({@link #insertAll}). Every read and write for a
 * user names the user, so no query can reach another user's rows.
 */
@Component
class NotificationStore {

  static final int TITLE_CHARS_MAX = 500;
  static final int BODY_CHARS_MAX = 5000;
  private static final String COLUMNS =
      "id, user_id, template, title, body, link, created_at, read_at";

  private final JdbcClient jdbc;

  NotificationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * An in-app notification to write in the caller's transaction ({@link #writeAll}), rendered.
   *
   * @param dedupKey null, or the key a second request may not use again
   * @param requestHash what tells a replay of the request from a reused key
   */
  record Rendered(String userId, InAppTemplate template, String title, String body, String link,
      String dedupKey, byte[] requestHash) {
  }

  /**
   * Writes notifications in the caller's transaction, in one statement, in order; their dedup
   * keys must differ from each other. Each new row draws its outbox_id from the outbox's id
   * sequence, the number lists order by (so the notifications the dispatcher still delivers from
   * outbox rows and these are one sequence). The answer is in the order of {@code rows}: each new
   * row's outbox_id, or empty when its dedup key was taken (then nothing was written for it).
   */
  List<Optional<Long>> writeAll(List<Rendered> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    int n = rows.size();
    String[][] text = new String[7][n];
    for (int i = 0; i < n; i++) {
      Rendered row = rows.get(i);
      text[0][i] = row.userId();
      text[1][i] = row.template().key();
      text[2][i] = cut(row.title(), TITLE_CHARS_MAX);
      text[3][i] = cut(row.body(), BODY_CHARS_MAX);
      text[4][i] = row.link();
      text[5][i] = row.dedupKey();
      text[6][i] = row.dedupKey() == null ? null : HexFormat.of().formatHex(row.requestHash());
    }
    // Each row's number is drawn before the insert, so the answer can say which rows were
    // written: those whose number comes back.
    record Written(int n, long outboxId) {
    }
    Map<Integer, Long> written = new HashMap<>();
    jdbc.sql("""
        with r as materialized (
          select nextval('notify.outbox_id_seq') as outbox_id, r.*
            from unnest(cast(:users as text[]), cast(:templates as text[]),
                        cast(:titles as text[]), cast(:bodies as text[]), cast(:links as text[]),
                        cast(:keys as text[]), cast(:hashes as text[]))
                 with ordinality as r(user_id, template, title, body, link, dedup_key, hash, n)),
        w as (
          insert into notify.notifications
            (outbox_id, user_id, template, title, body, link, dedup_key, request_hash)
          select outbox_id, user_id, template, title, body, link, dedup_key, decode(hash, 'hex')
            from r order by n
          on conflict do nothing
          returning outbox_id)
        select r.n, r.outbox_id from r join w on w.outbox_id = r.outbox_id
        """)
        .param("users", text[0]).param("templates", text[1]).param("titles", text[2])
        .param("bodies", text[3]).param("links", text[4]).param("keys", text[5])
        .param("hashes", text[6])
        .query((rs, i) -> new Written(rs.getInt("n"), rs.getLong("outbox_id")))
        .list().forEach(w -> written.put(w.n(), w.outboxId()));
    List<Optional<Long>> answer = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      answer.add(Optional.ofNullable(written.get(i + 1)));
    }
    return answer;
  }

  /** The notifications that hold these dedup keys, by key; in one statement. */
  Map<String, OutboxStore.Existing> byDedupKeys(List<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    record Found(String key, OutboxStore.Existing row) {
    }
    Map<String, OutboxStore.Existing> found = new HashMap<>();
    jdbc.sql("""
        select outbox_id, dedup_key, request_hash from notify.notifications
         where dedup_key = any(cast(:keys as text[]))
        """).param("keys", keys.toArray(String[]::new))
        .query((rs, i) -> new Found(rs.getString("dedup_key"),
            new OutboxStore.Existing(rs.getLong("outbox_id"), rs.getBytes("request_hash"))))
        .list().forEach(f -> found.put(f.key(), f.row()));
    return found;
  }

  /** An in-app notification to write for a delivered outbox row. */
  record NewNotification(long outboxId, String userId, InAppTemplate template, String title,
      String body, String link) {
  }

  /**
   * Writes the notifications of many outbox rows in one statement, each once: a second write for
   * a row changes nothing. They carry their outbox rows' dedup keys, so a request replayed after
   * the upgrade (written straight by {@link #writeAll}) is a duplicate of them; a row whose key a
   * notification already holds is not written, as a duplicate request would not be. Title and
   * body are cut to the column limits (long variables could exceed them).
   */
  void insertAll(List<NewNotification> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    long[] outboxIds = new long[n];
    String[] users = new String[n];
    String[] templates = new String[n];
    String[] titles = new String[n];
    String[] bodies = new String[n];
    String[] links = new String[n];
    for (int i = 0; i < n; i++) {
      NewNotification row = rows.get(i);
      outboxIds[i] = row.outboxId();
      users[i] = row.userId();
      templates[i] = row.template().key();
      titles[i] = cut(row.title(), TITLE_CHARS_MAX);
      bodies[i] = cut(row.body(), BODY_CHARS_MAX);
      links[i] = row.link();
    }
    jdbc.sql("""
        insert into notify.notifications
          (outbox_id, user_id, template, title, body, link, dedup_key, request_hash)
        select r.outbox_id, r.user_id, r.template, r.title, r.body, r.link, o.dedup_key,
               case when o.dedup_key is not null then o.request_hash end
          from unnest(cast(:outboxIds as bigint[]), cast(:users as text[]),
                      cast(:templates as text[]), cast(:titles as text[]),
                      cast(:bodies as text[]), cast(:links as text[]))
               as r(outbox_id, user_id, template, title, body, link)
          left join notify.outbox o on o.id = r.outbox_id
        on conflict do nothing
        """)
        .param("outboxIds", outboxIds).param("users", users).param("templates", templates)
        .param("titles", titles).param("bodies", bodies).param("links", links)
        .update();
  }

  List<Notification> latest(String userId, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from notify.notifications
        where user_id = :userId
        order by outbox_id desc
        limit :limit
        """).param("userId", userId).param("limit", limit)
        .query(NotificationStore::notification).list();
  }

  long unreadCount(String userId) {
    return jdbc.sql("""
        select count(*) from notify.notifications where user_id = :userId and read_at is null
        """).param("userId", userId).query(Long.class).single();
  }

  MarkReadResult markRead(String userId, long id) {
    int marked = jdbc.sql("""
        update notify.notifications set read_at = clock_timestamp()
         where id = :id and user_id = :userId and read_at is null
        """).param("id", id).param("userId", userId).update();
    if (marked == 1) {
      return MarkReadResult.MARKED;
    }
    boolean exists = jdbc.sql("""
        select exists (select 1 from notify.notifications where id = :id and user_id = :userId)
        """).param("id", id).param("userId", userId).query(Boolean.class).single();
    return exists ? MarkReadResult.ALREADY_READ : MarkReadResult.NOT_FOUND;
  }

  int markAllRead(String userId) {
    return jdbc.sql("""
        update notify.notifications set read_at = clock_timestamp()
         where user_id = :userId and read_at is null
        """).param("userId", userId).update();
  }

  int purge(Duration age, int limit) {
    return jdbc.sql("""
        delete from notify.notifications where id in (
          select id from notify.notifications
           where created_at < clock_timestamp() - make_interval(secs => :ageSeconds)
           limit :limit)
        """).param("ageSeconds", (double) age.toSeconds()).param("limit", limit).update();
  }

  private static String cut(String text, int charsMax) {
    return text.length() <= charsMax ? text : text.substring(0, charsMax - 1) + "…";
  }

  private static Notification notification(ResultSet rs, int row) throws SQLException {
    return new Notification(
        rs.getLong("id"),
        rs.getString("user_id"),
        InAppTemplate.fromKey(rs.getString("template")),
        rs.getString("title"),
        rs.getString("body"),
        rs.getString("link"),
        instant(rs, "created_at"),
        instant(rs, "read_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
