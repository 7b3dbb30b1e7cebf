package org.okpay.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.MarkReadResult;
import org.okpay.notify.Notification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In-app notifications. Every read and write names the user, so no query can reach another
 * user's rows.
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
   * Writes the notification of an outbox row, once: a second call for the row changes nothing.
   * Title and body are cut to the column limits (long variables could exceed them).
   */
  void insert(long outboxId, String userId, InAppTemplate template, String title, String body,
      String link) {
    jdbc.sql("""
        insert into notify.notifications (outbox_id, user_id, template, title, body, link)
        values (:outboxId, :userId, :template, :title, :body, :link)
        on conflict (outbox_id) do nothing
        """)
        .param("outboxId", outboxId).param("userId", userId).param("template", template.key())
        .param("title", cut(title, TITLE_CHARS_MAX)).param("body", cut(body, BODY_CHARS_MAX))
        .param("link", link)
        .update();
  }

  /** An in-app notification to write for a delivered outbox row. */
  record NewNotification(long outboxId, String userId, InAppTemplate template, String title,
      String body, String link) {
  }

  /**
   * Writes the notifications of many outbox rows in one statement, each once (as {@link #insert}):
   * the rows' values travel as one array per column.
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
        insert into notify.notifications (outbox_id, user_id, template, title, body, link)
        select * from unnest(cast(:outboxIds as bigint[]), cast(:users as text[]),
                             cast(:templates as text[]), cast(:titles as text[]),
                             cast(:bodies as text[]), cast(:links as text[]))
        on conflict (outbox_id) do nothing
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
