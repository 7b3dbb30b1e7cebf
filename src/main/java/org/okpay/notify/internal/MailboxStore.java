package org.okpay.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.MailboxMessage;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The development mailbox's table. Exists only in mailbox mode. */
@Component
@Conditional(SmtpMode.Mailbox.class)
class MailboxStore implements DevMailbox {

  private static final String COLUMNS = """
      id, outbox_id, to_address, from_address, subject, html_body, text_body, locale, template,
      created_at
      """;

  private final JdbcClient jdbc;

  MailboxStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** An e-mail to keep for a delivered outbox row. */
  record NewMessage(long outboxId, String to, String from, RenderedEmail mail, String locale,
      String template) {
  }

  /**
   * Keeps the e-mails of many outbox rows in one statement, each once: a second call for a row
   * changes nothing. The rows' values travel as one array per column.
   */
  void insertAll(List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    int n = messages.size();
    long[] outboxIds = new long[n];
    String[][] text = new String[7][n];
    for (int i = 0; i < n; i++) {
      NewMessage m = messages.get(i);
      outboxIds[i] = m.outboxId();
      text[0][i] = m.to();
      text[1][i] = m.from();
      text[2][i] = m.mail().subject();
      text[3][i] = m.mail().html();
      text[4][i] = m.mail().text();
      text[5][i] = m.locale();
      text[6][i] = m.template();
    }
    jdbc.sql("""
        insert into notify.mailbox
          (outbox_id, to_address, from_address, subject, html_body, text_body, locale, template)
        select * from unnest(cast(:outboxIds as bigint[]), cast(:to as text[]),
                             cast(:from as text[]), cast(:subject as text[]),
                             cast(:html as text[]), cast(:text as text[]),
                             cast(:locale as text[]), cast(:template as text[]))
        on conflict (outbox_id) do nothing
        """)
        .param("outboxIds", outboxIds).param("to", text[0]).param("from", text[1])
        .param("subject", text[2]).param("html", text[3]).param("text", text[4])
        .param("locale", text[5]).param("template", text[6])
        .update();
  }

  /**
   * Deletes all but the newest {@code keep} messages with an id of at least {@code fromId} (the
   * caller's earlier trims deleted those below it), and returns the new bound: where this trim
   * stopped. Bounded so that a trim after every batch does not read again, each time, the rows
   * the earlier trims deleted and vacuum has not yet removed (236 ms per trim after 18,000 of
   * them, docs/benchmarks.md "Issue 14: notifications keep pace").
   */
  long trim(int keep, long fromId) {
    Long below = jdbc.sql("""
        with bound as (
          select min(id) as below
            from (select id from notify.mailbox order by id desc limit :keep) newest),
        gone as (
          delete from notify.mailbox m using bound where m.id >= :from and m.id < bound.below)
        select below from bound
        """).param("keep", keep).param("from", fromId).query(Long.class).optional().orElse(null);
    return below == null ? fromId : Math.max(fromId, below);
  }

  @Override
  public List<MailboxMessage> latest(String to, int limit) {
    if (limit < 1 || limit > LIMIT_MAX) {
      throw new IllegalArgumentException("limit must be 1.." + LIMIT_MAX);
    }
    if (to == null) {
      return jdbc.sql("select " + COLUMNS
              + " from notify.mailbox order by outbox_id desc limit :limit")
          .param("limit", limit).query(MailboxStore::message).list();
    }
    return jdbc.sql("select " + COLUMNS + """
         from notify.mailbox where lower(to_address) = lower(:to)
         order by outbox_id desc limit :limit
        """).param("to", to).param("limit", limit).query(MailboxStore::message).list();
  }

  @Override
  public Optional<MailboxMessage> message(long id) {
    return jdbc.sql("select " + COLUMNS + " from notify.mailbox where id = :id")
        .param("id", id).query(MailboxStore::message).optional();
  }

  private static MailboxMessage message(ResultSet rs, int row) throws SQLException {
    return new MailboxMessage(
        rs.getLong("id"),
        rs.getLong("outbox_id"),
        rs.getString("to_address"),
        rs.getString("from_address"),
        rs.getString("subject"),
        rs.getString("html_body"),
        rs.getString("text_body"),
        Locales.fromTag(rs.getString("locale")),
        EmailTemplate.fromKey(rs.getString("template")),
        NotificationStore.instant(rs, "created_at"));
  }
}
