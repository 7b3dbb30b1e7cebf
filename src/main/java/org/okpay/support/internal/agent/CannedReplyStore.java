package org.okpay.support.internal.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.support.CannedRepliesApi.CannedReply;
import org.okpay.support.CannedRepliesApi.CannedReplyText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** support.canned_replies (V37). */
@Repository
class CannedReplyStore {

  private static final String COLUMNS = "id, title_en, title_zh, body_en, body_zh, updated_at";

  private final JdbcClient jdbc;

  CannedReplyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<CannedReply> list(int limit) {
    return jdbc.sql("select " + COLUMNS + " from support.canned_replies"
        + " order by lower(title_en), id limit :n").param("n", limit).query(CannedReplyStore::row)
        .list();
  }

  Optional<CannedReply> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.canned_replies where id = :id")
        .param("id", id).query(CannedReplyStore::row).optional();
  }

  /** Serializes creations, so the limit holds with two admins at once. */
  void lockForCreate() {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended('support:canned_replies', 0))")
        .query().singleValue();
  }

  int count() {
    return jdbc.sql("select count(*) from support.canned_replies").query(Integer.class).single();
  }

  /** False when another reply has the same English title (case-insensitive). */
  boolean insert(UUID id, CannedReplyText text, UUID by) {
    return jdbc.sql("""
        insert into support.canned_replies
          (id, title_en, title_zh, body_en, body_zh, created_by, updated_by)
        values (:id, :te, :tz, :be, :bz, :by, :by)
        on conflict do nothing""")
        .param("id", id).param("te", text.titleEn()).param("tz", text.titleZh())
        .param("be", text.bodyEn()).param("bz", text.bodyZh()).param("by", by).update() == 1;
  }

  /** Rows changed: 0 for an unknown id. */
  int update(UUID id, CannedReplyText text, UUID by) {
    return jdbc.sql("""
        update support.canned_replies
           set title_en = :te, title_zh = :tz, body_en = :be, body_zh = :bz, updated_by = :by,
               updated_at = now()
         where id = :id""")
        .param("id", id).param("te", text.titleEn()).param("tz", text.titleZh())
        .param("be", text.bodyEn()).param("bz", text.bodyZh()).param("by", by).update();
  }

  /** Whether another reply than {@code id} has this English title. */
  boolean titleTaken(String titleEn, UUID id) {
    return jdbc.sql("""
        select exists (select 1 from support.canned_replies
                        where lower(title_en) = lower(:t) and id <> :id)""")
        .param("t", titleEn).param("id", id).query(Boolean.class).single();
  }

  int delete(UUID id) {
    return jdbc.sql("delete from support.canned_replies where id = :id").param("id", id).update();
  }

  private static CannedReply row(ResultSet rs, int i) throws SQLException {
    return new CannedReply(rs.getObject("id", UUID.class), rs.getString("title_en"),
        rs.getString("title_zh"), rs.getString("body_en"), rs.getString("body_zh"),
        rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant());
  }
}
