package org.okpay.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What the platform's status is, and the maintenance gate every operation passes first. */
public interface StatusApi {

  /** Each component's state now, the open incidents and the maintenance to come. */
  Overview overview();

  /**
   * Refuses, with 503 {@code maintenance} (when it ends, and the status page), a request that
   * needs a component under maintenance now. Call it before anything has an effect.
   */
  void requireAvailable(StatusComponent component);

  /** The maintenance window in force for the component now, if any. */
  Optional<Maintenance> maintenanceNow(StatusComponent component);

  /** Open incidents that affect the component. */
  List<Incident> incidentsAffecting(StatusComponent component);

  /** Days of history the uptime covers. */
  int UPTIME_DAYS = 90;

  /**
   * Each component's daily uptime over the last {@link #UPTIME_DAYS} days (UTC days, oldest
   * first, today last): a major outage counts as down, a partial outage as half down; degraded
   * performance and announced maintenance do not count.
   */
  Map<StatusComponent, List<DayUptime>> uptime();

  record DayUptime(java.time.LocalDate day, double percent) {
  }

  /** Incidents opened in the last {@code days} days, open or resolved, newest first. */
  List<Incident> recentIncidents(int days);

  /**
   * Starts an e-mail subscription to incidents: a confirmation link goes to the address (double
   * opt-in). The answer is the same whether or not the address was subscribed already.
   */
  void subscribe(String email, java.util.Locale locale);

  /** Confirms a subscription from its link; false when the link is not (or no longer) valid. */
  boolean confirmSubscription(String token);

  /** Ends a subscription from the link in any of its e-mails; false when there is none. */
  boolean unsubscribe(String token);

  Maintenance scheduleMaintenance(String title, Set<StatusComponent> components, Instant startsAt,
      Instant endsAt);

  Incident openIncident(String title, Set<StatusComponent> components, ComponentState impact,
      String message);

  Incident resolveIncident(UUID incidentId);

  record Maintenance(UUID id, String title, Set<StatusComponent> components, Instant startsAt,
      Instant endsAt) {
  }

  record Incident(UUID id, String title, Set<StatusComponent> components, ComponentState impact,
      String message, Instant createdAt, Instant resolvedAt) {
  }

  record Overview(Map<StatusComponent, ComponentState> components, List<Incident> incidents,
      List<Maintenance> maintenance, Instant at) {
  }
}
