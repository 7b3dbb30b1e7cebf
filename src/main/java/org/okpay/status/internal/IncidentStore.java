package org.okpay.status.internal;

import static org.okpay.status.internal.Rows.components;
import static org.okpay.status.internal.Rows.instant;
import static org.okpay.status.internal.Rows.keys;
import static org.okpay.status.internal.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.status.ComponentState;
import org.okpay.status.IncidentPhase;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusApi.Incident;
import org.okpay.status.StatusApi.IncidentUpdate;
import org.okpay.status.StatusComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Incidents and their timelines of updates. The incident row keeps the latest impact and
 * message, so overviews read one row per incident plus one query for all their timelines.
 */
@Component
class IncidentStore {

  static final int OPEN_MAX = 50;
  static final int RECENT_MAX = 200;

  private final JdbcClient jdbc;

  IncidentStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, String title, Set<StatusComponent> components, ComponentState impact,
      String message, Instant now) {
    int rows = jdbc.sql("""
        insert into status.incidents (id, title, components, impact, message, created_at)
        values (:id, :title, string_to_array(:components, ','), :impact, :message, :now)
        """).param("id", id).param("title", title).param("components", keys(components))
        .param("impact", impact.key()).param("message", message).param("now", utc(now))
        .update();
    assertOneRow(rows, "insert incident");
  }

  /** Appends to the timeline; the answer is the update's id, which orders the timeline. */
  long addUpdate(UUID incidentId, Instant at, IncidentPhase phase, String message,
      ComponentState impactOrNull) {
    return jdbc.sql("""
        insert into status.incident_updates (incident_id, at, phase, message, impact)
        values (:incident, :at, :phase, :message, :impact)
        returning id
        """).param("incident", incidentId).param("at", utc(at)).param("phase", phase.key())
        .param("message", message)
        .param("impact", impactOrNull == null ? null : impactOrNull.key(), java.sql.Types.VARCHAR)
        .query(Long.class).single();
  }

  /** The incident, locked until the transaction ends (without its timeline), if it exists. */
  Optional<Incident> lock(UUID id) {
    return jdbc.sql("select * from status.incidents where id = :id for update")
        .param("id", id).query(IncidentStore::incident).optional();
  }

  /** The latest impact and message; a resolution time once, when the incident is resolved. */
  void setCurrent(UUID id, ComponentState impact, String message, Instant resolvedAtOrNull) {
    int rows = jdbc.sql("""
        update status.incidents
           set impact = :impact, message = :message,
               resolved_at = coalesce(resolved_at, :resolved)
         where id = :id
        """).param("impact", impact.key()).param("message", message)
        .param("resolved", resolvedAtOrNull == null ? null : utc(resolvedAtOrNull),
            java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
        .param("id", id).update();
    assertOneRow(rows, "update incident");
  }

  Optional<Incident> find(UUID id) {
    return withTimelines(jdbc.sql("select * from status.incidents where id = :id")
        .param("id", id).query(IncidentStore::incident).list()).stream().findFirst();
  }

  /** Open incidents, newest first. */
  List<Incident> open() {
    return withTimelines(jdbc.sql("""
        select * from status.incidents where resolved_at is null
         order by created_at desc limit :max
        """).param("max", OPEN_MAX).query(IncidentStore::incident).list());
  }

  /** Incidents opened after {@code since}, open or resolved, newest first. */
  List<Incident> openedSince(Instant since) {
    return withTimelines(jdbc.sql("""
        select * from status.incidents where created_at > :since
         order by created_at desc limit :max
        """).param("since", utc(since)).param("max", RECENT_MAX)
        .query(IncidentStore::incident).list());
  }

  /** One query for every incident's timeline: its newest updates, put back oldest first. */
  private List<Incident> withTimelines(List<Incident> incidents) {
    if (incidents.isEmpty()) {
      return incidents;
    }
    Map<UUID, List<IncidentUpdate>> timelines = new HashMap<>();
    jdbc.sql("""
        select incident_id, at, phase, message, impact from (
          select u.*, row_number() over (partition by incident_id order by id desc) as newest
            from status.incident_updates u where incident_id in (:ids)
        ) t
         where newest <= :max order by incident_id, id
        """).param("ids", incidents.stream().map(Incident::id).toList())
        .param("max", StatusApi.UPDATES_SHOWN_MAX)
        .query((rs, n) -> timelines.computeIfAbsent(rs.getObject("incident_id", UUID.class),
            k -> new ArrayList<>()).add(update(rs))).list();
    return incidents.stream().map(i -> new Incident(i.id(), i.title(), i.components(),
        i.impact(), i.message(), i.createdAt(), i.resolvedAt(),
        timelines.getOrDefault(i.id(), List.of()))).toList();
  }

  private static IncidentUpdate update(ResultSet rs) throws SQLException {
    String impact = rs.getString("impact");
    return new IncidentUpdate(instant(rs, "at"), IncidentPhase.fromKey(rs.getString("phase")),
        rs.getString("message"), impact == null ? null : state(impact));
  }

  private static Incident incident(ResultSet rs, int n) throws SQLException {
    return new Incident(rs.getObject("id", UUID.class), rs.getString("title"),
        components(rs.getArray("components")), state(rs.getString("impact")),
        rs.getString("message"), instant(rs, "created_at"), instant(rs, "resolved_at"),
        List.of());
  }

  private static ComponentState state(String key) {
    return ComponentState.valueOf(key.toUpperCase(Locale.ROOT));
  }

  private static void assertOneRow(int rows, String what) {
    if (rows != 1) {
      throw new IllegalStateException(what + " changed " + rows + " rows, not 1");
    }
  }
}
