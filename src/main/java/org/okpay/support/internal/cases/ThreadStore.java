package org.okpay.support.internal.cases;

import static org.okpay.support.internal.cases.CaseStore.instant;
import static org.okpay.support.internal.cases.CaseStore.ts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A case's thread: support.case_messages, support.case_attachments and support.callbacks. */
@Component
class ThreadStore {

  static final int THREAD_MAX = 500;

  private final JdbcClient jdbc;

  ThreadStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a message; false when an e-mail with the same Message-ID is already in a case (the
   * IMAP poller saw it before).
   */
  boolean addMessage(CaseMessage m) {
    return jdbc.sql("""
        insert into support.case_messages (id, case_id, author_type, author_id, body, internal,
            via, email_message_id, created_at)
        values (:id, :case, :authorType, :author, :body, :internal, :via, :emailId, :at)
        on conflict (email_message_id) do nothing
        """).param("id", m.id()).param("case", m.caseId()).param("authorType", m.authorType())
        .param("author", m.authorId()).param("body", m.body()).param("internal", m.internal())
        .param("via", m.via()).param("emailId", m.emailMessageId()).param("at", ts(m.createdAt()))
        .update() == 1;
  }

  boolean emailSeen(String emailMessageId) {
    return jdbc.sql("select count(*) from support.case_messages where email_message_id = :id")
        .param("id", emailMessageId).query(Long.class).single() > 0;
  }

  /** The thread oldest first; internal notes only when {@code withInternal}. */
  List<CaseMessage> messages(UUID caseId, boolean withInternal) {
    return jdbc.sql("""
        select id, case_id, author_type, author_id, body, internal, via, email_message_id,
               created_at
          from support.case_messages
         where case_id = :case and (:internal or not internal)
         order by created_at, id limit :limit
        """).param("case", caseId).param("internal", withInternal).param("limit", THREAD_MAX)
        .query((rs, n) -> new CaseMessage(rs.getObject("id", UUID.class),
            rs.getObject("case_id", UUID.class), rs.getString("author_type"),
            rs.getObject("author_id", UUID.class), rs.getString("body"),
            rs.getBoolean("internal"), rs.getString("via"), rs.getString("email_message_id"),
            instant(rs, "created_at")))
        .list();
  }

  void addAttachment(UUID id, UUID caseId, UUID messageId, String fileName, String contentType,
      byte[] content, String sha256, Instant now) {
    jdbc.sql("""
        insert into support.case_attachments (id, case_id, message_id, file_name, content_type,
            size_bytes, sha256, content, created_at)
        values (:id, :case, :message, :name, :type, :size, :sha, :content, :at)
        """).param("id", id).param("case", caseId).param("message", messageId)
        .param("name", fileName).param("type", contentType).param("size", content.length)
        .param("sha", sha256).param("content", content).param("at", ts(now)).update();
  }

  /** The case's attachments without their content, oldest first. */
  List<CaseAttachment> attachments(UUID caseId) {
    return jdbc.sql("""
        select id, case_id, message_id, file_name, content_type, size_bytes, created_at
          from support.case_attachments where case_id = :case order by created_at, id
         limit :limit
        """).param("case", caseId).param("limit", THREAD_MAX)
        .query((rs, n) -> new CaseAttachment(rs.getObject("id", UUID.class),
            rs.getObject("case_id", UUID.class), rs.getObject("message_id", UUID.class),
            rs.getString("file_name"), rs.getString("content_type"), rs.getInt("size_bytes"),
            instant(rs, "created_at")))
        .list();
  }

  /** One attachment of the case with its bytes; empty when it belongs to another case. */
  Optional<CaseAttachment.File> attachment(UUID caseId, UUID attachmentId) {
    return jdbc.sql("""
        select file_name, content_type, content from support.case_attachments
         where id = :id and case_id = :case
        """).param("id", attachmentId).param("case", caseId)
        .query((rs, n) -> new CaseAttachment.File(rs.getString("file_name"),
            rs.getString("content_type"), rs.getBytes("content")))
        .optional();
  }

  void addCallback(UUID id, UUID caseId, String phone, Instant from, Instant to, Instant now) {
    jdbc.sql("""
        insert into support.callbacks (id, case_id, phone, window_start, window_end, state,
            created_at, updated_at)
        values (:id, :case, :phone, :from, :to, 'requested', :now, :now)
        """).param("id", id).param("case", caseId).param("phone", phone).param("from", ts(from))
        .param("to", ts(to)).param("now", ts(now)).update();
  }

  List<CaseCallback> callbacks(UUID caseId) {
    return jdbc.sql("""
        select id, case_id, phone, window_start, window_end, state, created_at
          from support.callbacks where case_id = :case order by created_at desc limit 50
        """).param("case", caseId).query((rs, n) -> new CaseCallback(rs.getObject("id", UUID.class),
            rs.getObject("case_id", UUID.class), rs.getString("phone"),
            instant(rs, "window_start"), instant(rs, "window_end"), rs.getString("state"),
            instant(rs, "created_at")))
        .list();
  }

  /** Compare-and-set from requested; false when it was not requested any more. */
  boolean finishCallback(UUID caseId, UUID callbackId, String state, UUID by, Instant now) {
    return jdbc.sql("""
        update support.callbacks set state = :state, done_by = :by, updated_at = :now
         where id = :id and case_id = :case and state = 'requested'
        """).param("id", callbackId).param("case", caseId).param("state", state)
        .param("by", by).param("now", ts(now)).update() == 1;
  }

  /** The requested call-backs of all cases, soonest window first (the agent queue). */
  List<CaseCallback> requestedCallbacks(int limit) {
    return jdbc.sql("""
        select id, case_id, phone, window_start, window_end, state, created_at
          from support.callbacks where state = 'requested' order by window_start limit :limit
        """).param("limit", limit).query((rs, n) -> new CaseCallback(rs.getObject("id", UUID.class),
            rs.getObject("case_id", UUID.class), rs.getString("phone"),
            instant(rs, "window_start"), instant(rs, "window_end"), rs.getString("state"),
            instant(rs, "created_at")))
        .list();
  }
}
