package org.okpay.status.internal;

import static org.okpay.status.internal.Rows.components;
import static org.okpay.status.internal.Rows.instant;
import static org.okpay.status.internal.Rows.keys;
import static org.okpay.status.internal.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.okpay.status.ComponentState;
import org.okpay.status.IncidentPhase;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.okpay.status.StatusSignal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maintenance windows and incidents in the database, so every instance gates the same way. The
 * state of a component is the worst of: maintenance in force, the impact of its open incidents.
 */
@Service
class StatusService implements StatusApi {

  static final int UPCOMING_MAX = 20;
  static final String STATUS_PAGE = "/status";
  static final String SUBSCRIBE_ACTION = "status-subscribe";
  static final Duration SUBSCRIBE_WINDOW = Duration.ofHours(1);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final List<StatusSignal> signals;
  private final Subscriptions subscriptions;
  private final TransactionTemplate tx;
  private final IncidentStore incidents;
  private final IpRateLimiter limiter;
  private final int subscriptionsPerHourPerIp;
  private final StatusAudit audit;
  private final MaintenanceWindows windows;

  StatusService(JdbcClient jdbc, Clock clock, List<StatusSignal> signals,
      Subscriptions subscriptions, TransactionTemplate tx, IncidentStore incidents,
      IpRateLimiter limiter,
      @Value("${okpay.status.subscriptions-per-hour-per-ip:" + SUBSCRIPTIONS_PER_HOUR_PER_IP + "}")
      int subscriptionsPerHourPerIp, StatusAudit audit, MaintenanceWindows windows) {
    this.audit = audit;
    this.windows = windows;
    this.jdbc = jdbc;
    this.clock = clock;
    this.signals = List.copyOf(signals);
    this.subscriptions = subscriptions;
    this.tx = tx;
    this.incidents = incidents;
    this.limiter = limiter;
    this.subscriptionsPerHourPerIp = subscriptionsPerHourPerIp;
  }

  /** Counted before the address is even looked at: every attempt costs an e-mail. */
  @Override
  public void subscribe(String email, java.util.Locale locale, String clientIp) {
    limiter.acquire(SUBSCRIBE_ACTION, String.valueOf(clientIp), subscriptionsPerHourPerIp,
        SUBSCRIBE_WINDOW);
    tx.executeWithoutResult(s -> subscriptions.subscribe(email, locale, now()));
  }

  @Override
  public boolean confirmSubscription(String token) {
    return token != null && token.length() <= 100 && subscriptions.confirm(token, now());
  }

  @Override
  public boolean unsubscribe(String token) {
    return token != null && token.length() <= 100 && subscriptions.unsubscribe(token);
  }

  /** A signal that cannot be read is itself a sign of trouble: degraded, not a broken page. */
  private static ComponentState safeState(StatusSignal signal) {
    try {
      return signal.state();
    } catch (RuntimeException e) {
      return ComponentState.DEGRADED;
    }
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public Overview overview() {
    Instant now = now();
    Map<StatusComponent, ComponentState> states = new EnumMap<>(StatusComponent.class);
    List<Incident> open;
    List<Maintenance> windows;
    try {
      open = incidents.open();
      windows = maintenanceEndingAfter(now);
    } catch (DataAccessException databaseDown) {
      // The database is the one automatic signal this module reads itself: without it nothing
      // that moves money or signs in can work, and the page must still say so.
      for (StatusComponent c : StatusComponent.values()) {
        states.put(c, ComponentState.MAJOR_OUTAGE);
      }
      return new Overview(states, List.of(), List.of(), now);
    }
    for (StatusComponent c : StatusComponent.values()) {
      states.put(c, ComponentState.OPERATIONAL);
    }
    for (StatusSignal signal : signals) {
      states.merge(signal.component(), safeState(signal), ComponentState::worse);
    }
    for (Incident i : open) {
      i.components().forEach(c -> states.merge(c, i.impact(), ComponentState::worse));
    }
    for (Maintenance m : windows) {
      if (!m.startsAt().isAfter(now)) {
        m.components().forEach(c -> states.put(c, ComponentState.UNDER_MAINTENANCE));
      }
    }
    return new Overview(states, open, windows, now);
  }

  @Override
  public void requireAvailable(StatusComponent component) {
    maintenanceNow(component).ifPresent(m -> {
      throw new OkPayException(ErrorCode.MAINTENANCE, Map.of(
          "component", component.key(), "until", m.endsAt().toString(),
          "statusPage", STATUS_PAGE));
    });
  }

  @Override
  public Optional<Maintenance> maintenanceNow(StatusComponent component) {
    return windows.inForce(component, now());
  }

  @Override
  public List<Incident> incidentsAffecting(StatusComponent component) {
    return incidents.open().stream().filter(i -> i.components().contains(component)).toList();
  }

  @Override
  public Maintenance scheduleMaintenance(String title, Set<StatusComponent> components,
      Instant startsAt, Instant endsAt) {
    requireText("title", title, TITLE_MAX);
    requireComponents(components);
    if (startsAt == null) {
      throw invalid("startsAt");
    }
    if (endsAt == null || !endsAt.isAfter(startsAt)) {
      throw invalid("endsAt");
    }
    UUID id = UUID.randomUUID();
    tx.executeWithoutResult(s -> {
      jdbc.sql("""
          insert into status.maintenance_windows (id, title, components, starts_at, ends_at, created_at)
          values (:id, :title, string_to_array(:components, ','), :starts, :ends, :now)
          """).param("id", id).param("title", title).param("components", keys(components))
          .param("starts", utc(startsAt)).param("ends", utc(endsAt)).param("now", utc(now()))
          .update();
      audit.byStaff("maintenance_scheduled", "maintenance", id, "title", title,
          "components", keys(components), "startsAt", startsAt.toString(),
          "endsAt", endsAt.toString());
    });
    // This instance gates at once; the others when the table's trigger's notice reaches them.
    windows.changed();
    return new Maintenance(id, title, Set.copyOf(components), startsAt, endsAt);
  }

  @Override
  public Incident openIncident(String title, Set<StatusComponent> components,
      ComponentState impact, String message) {
    requireText("title", title, TITLE_MAX);
    requireComponents(components);
    requireImpact(impact);
    requireText("message", message, MESSAGE_MAX);
    UUID id = UUID.randomUUID();
    // The incident, its first update and the subscribers' e-mails (outbox rows) commit together.
    return tx.execute(s -> {
      Instant now = now();
      incidents.insert(id, title, components, impact, message, now);
      long updateId = incidents.addUpdate(id, now, IncidentPhase.INVESTIGATING, message, impact);
      Incident opened = incidents.find(id).orElseThrow();
      subscriptions.announce(opened, updateId, opened.updates().getLast(), true);
      audit.byStaff("incident_opened", "incident", id, "title", title,
          "components", keys(components), "impact", impact.key());
      return opened;
    });
  }

  @Override
  public Incident postUpdate(UUID incidentId, IncidentPhase phase, String message,
      ComponentState impactOrNull) {
    if (incidentId == null) {
      throw new OkPayException(ErrorCode.INCIDENT_NOT_FOUND);
    }
    if (phase == null) {
      throw invalid("phase");
    }
    requireText("message", message, MESSAGE_MAX);
    if (impactOrNull != null) {
      requireImpact(impactOrNull);
    }
    return tx.execute(s -> update(incidentId, phase, message, impactOrNull));
  }

  @Override
  public Incident resolveIncident(UUID incidentId) {
    if (incidentId == null) {
      throw new OkPayException(ErrorCode.INCIDENT_NOT_FOUND);
    }
    return tx.execute(s -> {
      Incident current = incidents.lock(incidentId)
          .orElseThrow(() -> new OkPayException(ErrorCode.INCIDENT_NOT_FOUND));
      if (current.resolvedAt() != null) {
        return incidents.find(incidentId).orElseThrow(); // resolving twice changes nothing
      }
      return update(incidentId, IncidentPhase.RESOLVED, RESOLVED_MESSAGE, null);
    });
  }

  /**
   * Inside a transaction: the incident row is locked first, so an update and a resolution that
   * race are ordered, and nothing is added after the resolution.
   */
  private Incident update(UUID incidentId, IncidentPhase phase, String message,
      ComponentState impactOrNull) {
    Incident current = incidents.lock(incidentId)
        .orElseThrow(() -> new OkPayException(ErrorCode.INCIDENT_NOT_FOUND));
    if (current.resolvedAt() != null) {
      throw new OkPayException(ErrorCode.INCIDENT_RESOLVED,
          Map.of("resolvedAt", current.resolvedAt().toString()));
    }
    // From here the update must succeed.
    Instant now = now();
    long updateId = incidents.addUpdate(incidentId, now, phase, message, impactOrNull);
    incidents.setCurrent(incidentId, impactOrNull != null ? impactOrNull : current.impact(),
        message, phase == IncidentPhase.RESOLVED ? now : null);
    Incident updated = incidents.find(incidentId).orElseThrow();
    subscriptions.announce(updated, updateId, updated.updates().getLast(), false);
    audit.byStaff("incident_updated", "incident", incidentId, "phase", phase.key(),
        "impact", impactOrNull == null ? null : impactOrNull.key());
    return updated;
  }

  // Seconds of each UTC day that each component was down, from the incidents overlapping it.
  private static final String DOWN_SECONDS = """
      with days as (
        select generate_series(
                 date_trunc('day', cast(:now as timestamptz) at time zone 'UTC')
                   - make_interval(days => :days - 1),
                 date_trunc('day', cast(:now as timestamptz) at time zone 'UTC'),
                 interval '1 day') as day
      ), outages as (
        select unnest(components) as component, impact,
               created_at at time zone 'UTC' as started,
               coalesce(resolved_at, cast(:now as timestamptz)) at time zone 'UTC' as ended
          from status.incidents
         where impact in ('partial_outage', 'major_outage')
           and coalesce(resolved_at, cast(:now as timestamptz))
               > cast(:now as timestamptz) - make_interval(days => :days)
      )
      select cast(d.day as date) as day, o.component,
             least(86400, sum(extract(epoch from least(o.ended, d.day + interval '1 day')
                                               - greatest(o.started, d.day))
                              * case when o.impact = 'major_outage' then 1 else 0.5 end)) as down
        from days d join outages o on o.started < d.day + interval '1 day' and o.ended > d.day
       group by d.day, o.component
      """;

  @Override
  @org.okpay.shared.ReplicaRead
  public Map<StatusComponent, List<DayUptime>> uptime() {
    Instant now = now();
    java.time.LocalDate today = java.time.LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, Double> down = new java.util.HashMap<>();
    jdbc.sql(DOWN_SECONDS).param("now", utc(now)).param("days", UPTIME_DAYS)
        .query((rs, n) -> down.put(rs.getObject("day", java.time.LocalDate.class) + "|"
            + rs.getString("component"), rs.getDouble("down"))).list();
    Map<StatusComponent, List<DayUptime>> result = new EnumMap<>(StatusComponent.class);
    for (StatusComponent c : StatusComponent.values()) {
      List<DayUptime> days = new java.util.ArrayList<>(UPTIME_DAYS);
      for (int i = UPTIME_DAYS - 1; i >= 0; i--) {
        java.time.LocalDate day = today.minusDays(i);
        double seconds = down.getOrDefault(day + "|" + c.key(), 0.0);
        days.add(new DayUptime(day, Math.round((1 - seconds / 86400.0) * 10000) / 100.0));
      }
      result.put(c, days);
    }
    return result;
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public List<Incident> recentIncidents(int days) {
    return incidents.openedSince(now().minus(Duration.ofDays(Math.clamp(days, 1, 366))));
  }

  private List<Maintenance> maintenanceEndingAfter(Instant now) {
    return jdbc.sql("""
        select * from status.maintenance_windows where ends_at > :now
         order by starts_at limit :limit
        """).param("now", utc(now)).param("limit", UPCOMING_MAX)
        .query(StatusService::maintenance).list();
  }

  private static OkPayException invalid(String field) {
    return FieldErrors.invalid(field, FieldErrors.INVALID);
  }

  private static void requireText(String field, String text, int lengthMax) {
    if (text == null || text.isBlank() || text.length() > lengthMax) {
      throw invalid(field);
    }
  }

  private static void requireComponents(Set<StatusComponent> components) {
    if (components == null || components.isEmpty()) {
      throw invalid("components");
    }
  }

  /** An incident degrades or breaks something; maintenance and "all well" are not incidents. */
  private static void requireImpact(ComponentState impact) {
    if (impact == null || impact == ComponentState.OPERATIONAL
        || impact == ComponentState.UNDER_MAINTENANCE) {
      throw invalid("impact");
    }
  }

  private static Maintenance maintenance(ResultSet rs, int n) throws SQLException {
    return new Maintenance(rs.getObject("id", UUID.class), rs.getString("title"),
        components(rs.getArray("components")), instant(rs, "starts_at"), instant(rs, "ends_at"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
