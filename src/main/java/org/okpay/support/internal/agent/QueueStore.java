package org.okpay.support.internal.agent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.okpay.support.AgentCasesApi.Callback;
import org.okpay.support.AgentCasesApi.QueueFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The agent queue's reads over the cases part's tables (support.cases, support.callbacks): the
 * order and the filters. Writes go through the cases part's service, never here.
 */
@Repository
class QueueStore {

  /**
   * The soonest running target: the reply target that runs (the first reply until it is given,
   * then the next one after a customer message) or the resolution target, whichever is sooner;
   * null while the case waits on the customer (paused) or is done.
   */
  private static final String REPLY_DUE = """
      case when c.first_replied_at is null then c.first_reply_due_at
           else c.next_reply_due_at end""";
  private static final String DUE = "case when c.status in ('open', 'waiting_on_agent') then"
      + " least(" + REPLY_DUE + ", c.resolve_due_at) end";

  /** One queue position: the case, its due moment and which target that is. */
  record Row(UUID caseId, Instant dueAt, String dueKind, UUID customerId, UUID assigneeId) {
  }

  private final JdbcClient jdbc;

  QueueStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** At most {@code limit} rows from {@code offset}, breached first, then by due moment. */
  List<Row> page(QueueFilter filter, UUID me, int offset, int limit) {
    String status = filter.status() == null ? null : filter.status().code();
    return jdbc.sql("select c.id, c.customer_id, c.assignee_id, " + DUE + " as due_at, "
        + "case when (" + REPLY_DUE + ") is not null and (" + REPLY_DUE + ") <= c.resolve_due_at"
        + " then 'answer' else 'resolve' end as due_kind"
        + """
          from support.cases c
         where (cast(:category as text) is null or c.category = :category)
           and (cast(:priority as text) is null or c.priority = :priority)
           and (case when cast(:status as text) is null
                     then c.status in ('open', 'waiting_on_agent', 'waiting_on_customer')
                     else c.status = :status end)
           and (cast(:breach as text) is null or c.sla_state = :breach)
           and (cast(:me as uuid) is null or c.assignee_id = :me)
         order by (c.sla_state = 'breached') desc, due_at asc nulls last,
                  (c.sla_state = 'warning') desc, c.opened_at, c.id
         limit :limit offset :offset""")
        .param("category", filter.category() == null ? null : filter.category().code())
        .param("priority", filter.priority() == null ? null : filter.priority().code())
        .param("status", status)
        .param("breach", filter.breach())
        .param("me", filter.mine() ? me : null)
        .param("limit", limit).param("offset", offset)
        .query((rs, i) -> new Row(rs.getObject("id", UUID.class),
            instant(rs.getObject("due_at", OffsetDateTime.class)),
            rs.getObject("due_at") == null ? null : rs.getString("due_kind"),
            rs.getObject("customer_id", UUID.class), rs.getObject("assignee_id", UUID.class)))
        .list();
  }

  /** The requested call-backs of these cases, soonest window first, one per case. */
  Map<UUID, Callback> requestedCallbacks(List<UUID> caseIds) {
    if (caseIds.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("""
        select distinct on (case_id) case_id, id, phone, window_start, window_end, state
          from support.callbacks
         where state = 'requested' and case_id in (:ids)
         order by case_id, window_start""")
        .param("ids", caseIds)
        .query((rs, i) -> Map.entry(rs.getObject("case_id", UUID.class), callback(rs)))
        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Every call-back of a case, newest first (at most 20). */
  List<Callback> callbacks(UUID caseId) {
    return jdbc.sql("""
        select id, phone, window_start, window_end, state from support.callbacks
         where case_id = :c order by created_at desc, id limit 20""")
        .param("c", caseId).query((rs, i) -> callback(rs)).list();
  }

  /** The case's language and assignee (not part of the public case record). */
  record Extra(String language, UUID assigneeId) {
  }

  Optional<Extra> extra(UUID caseId) {
    return jdbc.sql("select language, assignee_id from support.cases where id = :id")
        .param("id", caseId)
        .query((rs, i) -> new Extra(rs.getString(1), rs.getObject(2, UUID.class))).optional();
  }

  private static Callback callback(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Callback(rs.getObject("id", UUID.class), rs.getString("phone"),
        instant(rs.getObject("window_start", OffsetDateTime.class)),
        instant(rs.getObject("window_end", OffsetDateTime.class)), rs.getString("state"));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
