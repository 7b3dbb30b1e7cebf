package org.okpay.support.internal.mail;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** support.inbound_mails (V37): each Message-ID handled once. */
@Repository
class InboundMailStore {

  /** What became of one e-mail; the database spelling is the lower-case name. */
  enum Outcome {
    ACCEPTED, NO_CASE, WRONG_SENDER, EMPTY, REFUSED, AUTO_REPLY;

    String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final JdbcClient jdbc;

  InboundMailStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean seen(String messageId) {
    return jdbc.sql("select exists (select 1 from support.inbound_mails where message_id = :m)")
        .param("m", messageId).query(Boolean.class).single();
  }

  /**
   * Records the e-mail's outcome; false when its Message-ID was recorded already (another
   * instance, or this one before a crash): then the caller's transaction must add nothing.
   */
  boolean record(InboundMail mail, Outcome outcome, UUID caseId) {
    return jdbc.sql("""
        insert into support.inbound_mails (message_id, outcome, case_id, from_address, subject)
        values (:m, :o, :c, :f, :s) on conflict (message_id) do nothing""")
        .param("m", mail.messageId()).param("o", outcome.code()).param("c", caseId)
        .param("f", bounded(mail.from(), 320)).param("s", bounded(mail.subject(), 500))
        .update() == 1;
  }

  /** A case's language (its e-mails' and canned replies'), from the cases part's table. */
  java.util.Optional<String> language(UUID caseId) {
    return jdbc.sql("select language from support.cases where id = :id").param("id", caseId)
        .query(String.class).optional();
  }

  /** Takes the row lock of a Message-ID for the caller's transaction (two pollers, one add). */
  void lock(String messageId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended('support:mail:' || :m, 0))")
        .param("m", messageId).query().singleValue();
  }

  private static String bounded(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
