package org.okpay.support.internal.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.support.CaseCategory;
import org.okpay.support.CaseLink;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.internal.cases.CaseRow.CaseState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** support.cases and support.case_events. Moves read the row {@code for update} and save it whole. */
@Component
class CaseStore {

  static final String COLUMNS = """
      id, reference, customer_id, contact_email, language, category, priority, status, subject,
      link_type, link_id, source_key, source_hash, channel, assignee_id, opened_at,
      first_reply_due_at, first_replied_at, next_reply_due_at, reply_warn_at, resolve_due_at,
      resolve_warn_at, paused_since, paused_total_ms, sla_state, escalated_at, resolved_at,
      closed_at, rating, rating_comment, rated_at, repeat_of, reopen_count, reopened_at,
      updated_at
      """;

  private final JdbcClient jdbc;

  CaseStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts the case unless one with its source key (or, rarely, its reference) exists; false
   * then. Under concurrency the second insert waits for the first to commit and does nothing.
   */
  boolean insert(CaseRow c) {
    CaseState s = c.state();
    return jdbc.sql("""
        insert into support.cases (id, reference, customer_id, contact_email, language,
            category, priority, status, subject, link_type, link_id, source_key, source_hash,
            channel, opened_at, first_reply_due_at, reply_warn_at, resolve_due_at,
            resolve_warn_at, sla_state, repeat_of, updated_at)
        values (:id, :reference, :customer, :email, :language, :category, :priority, :status,
            :subject, :linkType, :linkId, :sourceKey, :sourceHash, :channel, :openedAt,
            :firstReplyDue, :replyWarn, :resolveDue, :resolveWarn, :sla, :repeatOf, :openedAt)
        on conflict do nothing
        """).param("id", c.id()).param("reference", c.reference())
        .param("customer", c.customerId()).param("email", c.contactEmail())
        .param("language", c.language()).param("category", c.category().code())
        .param("priority", s.priority.code()).param("status", s.status.code())
        .param("subject", c.subject())
        .param("linkType", c.link() == null ? null : c.link().type())
        .param("linkId", c.link() == null ? null : c.link().id())
        .param("sourceKey", c.sourceKey()).param("sourceHash", c.sourceHash())
        .param("channel", c.channel()).param("openedAt", ts(c.openedAt()))
        .param("firstReplyDue", ts(s.firstReplyDueAt)).param("replyWarn", ts(s.replyWarnAt))
        .param("resolveDue", ts(s.resolveDueAt)).param("resolveWarn", ts(s.resolveWarnAt))
        .param("sla", s.slaState).param("repeatOf", c.repeatOf())
        .update() == 1;
  }

  Optional<CaseRow> bySourceKey(String sourceKey) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where source_key = :key")
        .param("key", sourceKey).query(CaseStore::row).optional();
  }

  Optional<CaseRow> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where id = :id")
        .param("id", id).query(CaseStore::row).optional();
  }

  /** The row locked for a move; the caller is in a transaction. */
  Optional<CaseRow> lock(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where id = :id for update")
        .param("id", id).query(CaseStore::row).optional();
  }

  Optional<CaseRow> byReference(String reference) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where reference = :ref")
        .param("ref", reference).query(CaseStore::row).optional();
  }

  Optional<CaseRow> ofCustomer(UUID customerId, UUID id) {
    return jdbc.sql("select " + COLUMNS
            + " from support.cases where id = :id and customer_id = :customer")
        .param("id", id).param("customer", customerId).query(CaseStore::row).optional();
  }

  List<CaseRow> ofCustomer(UUID customerId, int limit) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where customer_id = :customer"
            + " order by opened_at desc, id desc limit :limit")
        .param("customer", customerId).param("limit", limit).query(CaseStore::row).list();
  }

  List<CaseRow> byLink(String type, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.cases where link_type = :type"
            + " and link_id = :id order by opened_at desc limit 20")
        .param("type", type).param("id", id).query(CaseStore::row).list();
  }

  /** Writes every moving column; the row was locked by {@link #lock}. */
  void save(UUID id, CaseState s) {
    int n = jdbc.sql("""
        update support.cases set priority = :priority, status = :status, assignee_id = :assignee,
               first_reply_due_at = :firstReplyDue, first_replied_at = :firstReplied,
               next_reply_due_at = :nextReplyDue, reply_warn_at = :replyWarn,
               resolve_due_at = :resolveDue, resolve_warn_at = :resolveWarn,
               paused_since = :pausedSince, paused_total_ms = :pausedTotal, sla_state = :sla,
               escalated_at = :escalated, resolved_at = :resolved, closed_at = :closed,
               rating = :rating, rating_comment = :ratingComment, rated_at = :rated,
               reopen_count = :reopenCount, reopened_at = :reopened, updated_at = :updated
         where id = :id
        """).param("id", id).param("priority", s.priority.code())
        .param("status", s.status.code()).param("assignee", s.assigneeId)
        .param("firstReplyDue", ts(s.firstReplyDueAt)).param("firstReplied", ts(s.firstRepliedAt))
        .param("nextReplyDue", ts(s.nextReplyDueAt)).param("replyWarn", ts(s.replyWarnAt))
        .param("resolveDue", ts(s.resolveDueAt)).param("resolveWarn", ts(s.resolveWarnAt))
        .param("pausedSince", ts(s.pausedSince)).param("pausedTotal", s.pausedTotalMs)
        .param("sla", s.slaState).param("escalated", ts(s.escalatedAt))
        .param("resolved", ts(s.resolvedAt)).param("closed", ts(s.closedAt))
        .param("rating", s.rating).param("ratingComment", s.ratingComment)
        .param("rated", ts(s.ratedAt)).param("reopenCount", s.reopenCount)
        .param("reopened", ts(s.reopenedAt)).param("updated", ts(s.updatedAt)).update();
    if (n != 1) {
      throw new IllegalStateException("case " + id + " not saved: " + n + " rows");
    }
  }

  void event(UUID caseId, String kind, String actorType, UUID actorId, String from, String to,
      Instant now) {
    jdbc.sql("""
        insert into support.case_events (case_id, kind, actor_type, actor_id, from_value,
            to_value, created_at)
        values (:case, :kind, :actorType, :actor, :from, :to, :now)
        """).param("case", caseId).param("kind", kind).param("actorType", actorType)
        .param("actor", actorId).param("from", from).param("to", to).param("now", ts(now))
        .update();
  }

  List<CaseEvent> events(UUID caseId) {
    return jdbc.sql("""
        select kind, actor_type, actor_id, from_value, to_value, created_at
          from support.case_events where case_id = :case order by id limit 500
        """).param("case", caseId).query((rs, n) -> new CaseEvent(rs.getString("kind"),
            rs.getString("actor_type"), rs.getObject("actor_id", UUID.class),
            rs.getString("from_value"), rs.getString("to_value"), instant(rs, "created_at")))
        .list();
  }

  /**
   * Running cases whose SLA state should rise (a warning or a breach has come), locked for this
   * run and skipped by any other instance's run at the same time.
   */
  List<UUID> claimSlaDue(Instant now, int limit) {
    return jdbc.sql("""
        select id from support.cases
         where status in ('open', 'waiting_on_agent') and paused_since is null
           and ((sla_state <> 'breached' and (resolve_due_at <= :now
                 or coalesce(case when first_replied_at is null then first_reply_due_at
                                  else next_reply_due_at end, 'infinity') <= :now))
             or (sla_state = 'ok' and (resolve_warn_at <= :now
                 or coalesce(reply_warn_at, 'infinity') <= :now)))
         order by id limit :limit
         for update skip locked
        """).param("now", ts(now)).param("limit", limit).query(UUID.class).list();
  }

  /** Resolved cases older than the reopen window: closed by the job. */
  List<UUID> claimResolvedBefore(Instant before, int limit) {
    return jdbc.sql("""
        select id from support.cases where status = 'resolved' and resolved_at < :before
         order by id limit :limit for update skip locked
        """).param("before", ts(before)).param("limit", limit).query(UUID.class).list();
  }

  static CaseRow row(ResultSet rs, int n) throws SQLException {
    CaseState s = new CaseState();
    s.priority = CasePriority.fromCode(rs.getString("priority"));
    s.status = CaseStatus.fromCode(rs.getString("status"));
    s.assigneeId = rs.getObject("assignee_id", UUID.class);
    s.firstReplyDueAt = instant(rs, "first_reply_due_at");
    s.firstRepliedAt = instant(rs, "first_replied_at");
    s.nextReplyDueAt = instant(rs, "next_reply_due_at");
    s.replyWarnAt = instant(rs, "reply_warn_at");
    s.resolveDueAt = instant(rs, "resolve_due_at");
    s.resolveWarnAt = instant(rs, "resolve_warn_at");
    s.pausedSince = instant(rs, "paused_since");
    s.pausedTotalMs = rs.getLong("paused_total_ms");
    s.slaState = rs.getString("sla_state");
    s.escalatedAt = instant(rs, "escalated_at");
    s.resolvedAt = instant(rs, "resolved_at");
    s.closedAt = instant(rs, "closed_at");
    int rating = rs.getInt("rating");
    s.rating = rs.wasNull() ? null : rating;
    s.ratingComment = rs.getString("rating_comment");
    s.ratedAt = instant(rs, "rated_at");
    s.reopenCount = rs.getInt("reopen_count");
    s.reopenedAt = instant(rs, "reopened_at");
    s.updatedAt = instant(rs, "updated_at");
    String linkType = rs.getString("link_type");
    CaseLink link = linkType == null ? null
        : new CaseLink(linkType, rs.getObject("link_id", UUID.class));
    return new CaseRow(rs.getObject("id", UUID.class), rs.getString("reference"),
        rs.getObject("customer_id", UUID.class), rs.getString("contact_email"),
        rs.getString("language"), CaseCategory.fromCode(rs.getString("category")),
        rs.getString("subject"), link, rs.getString("source_key"), rs.getString("source_hash"),
        rs.getString("channel"), instant(rs, "opened_at"), rs.getObject("repeat_of", UUID.class),
        s);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
