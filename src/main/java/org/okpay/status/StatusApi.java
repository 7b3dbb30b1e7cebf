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

  /** Subscriptions one IP address may start per hour unless configured otherwise. */
  int SUBSCRIPTIONS_PER_HOUR_PER_IP = 5;

  /**
   * Starts an e-mail subscription to incidents: a confirmation link goes to the address (double
   * opt-in). The answer is the same whether or not the address was subscribed already. Each
   * client IP may ask a few times an hour ({@code okpay.status.subscriptions-per-hour-per-ip});
   * beyond that 429 {@code rate_limited} with {@code retryAfterSeconds}.
   */
  void subscribe(String email, java.util.Locale locale, String clientIp);

  /** Confirms a subscription from its link; false when the link is not (or no longer) valid. */
  boolean confirmSubscription(String token);

  /** Ends a subscription from the link in any of its e-mails; false when there is none. */
  boolean unsubscribe(String token);

  Maintenance scheduleMaintenance(String title, Set<StatusComponent> components, Instant startsAt,
      Instant endsAt);

  /** Longest incident or maintenance title, and longest message of an incident update. */
  int TITLE_MAX = 200;
  int MESSAGE_MAX = 2000;

  /**
   * Opens an incident; its timeline starts with an {@link IncidentPhase#INVESTIGATING} update
   * carrying the message, and every confirmed subscriber is e-mailed (in the same transaction).
   * The impact is degraded, partial or major outage.
   */
  Incident openIncident(String title, Set<StatusComponent> components, ComponentState impact,
      String message);

  /**
   * Adds an update to an open incident's timeline, changes its impact when one is given (else
   * null), resolves it when the phase is {@link IncidentPhase#RESOLVED}, and e-mails every
   * confirmed subscriber, all in one transaction. An unknown incident is 404
   * {@code incident_not_found}; a resolved one 409 {@code incident_resolved}.
   */
  Incident postUpdate(UUID incidentId, IncidentPhase phase, String message,
      ComponentState impactOrNull);

  /** What {@link #resolveIncident} says in the incident's timeline, in both languages. */
  String RESOLVED_MESSAGE = "This incident is resolved. 此故障已解决。";

  /**
   * Resolves an incident with a {@link IncidentPhase#RESOLVED} update saying
   * {@link #RESOLVED_MESSAGE}; an incident resolved already is answered as it is (a repeated call
   * changes nothing and e-mails nobody).
   */
  Incident resolveIncident(UUID incidentId);

  record Maintenance(UUID id, String title, Set<StatusComponent> components, Instant startsAt,
      Instant endsAt) {
  }

  /**
   * An incident now: its latest impact and message (the newest update's), and its timeline of
   * updates, oldest first (the newest {@link #UPDATES_SHOWN_MAX} when there are more).
   */
  record Incident(UUID id, String title, Set<StatusComponent> components, ComponentState impact,
      String message, Instant createdAt, Instant resolvedAt, List<IncidentUpdate> updates) {

    public Incident {
      // An EnumSet keeps the components in their declared order, in JSON too.
      components = components.isEmpty() ? Set.of()
          : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(components));
      updates = List.copyOf(updates);
    }

    /** When anything last changed: the newest update, else when it was resolved or opened. */
    public Instant lastChangedAt() {
      if (!updates.isEmpty()) {
        return updates.getLast().at();
      }
      return resolvedAt != null ? resolvedAt : createdAt;
    }
  }

  /** Updates an incident shows at most; older ones stay in the database. */
  int UPDATES_SHOWN_MAX = 100;

  /** One step of an incident's timeline; {@code impact} is null when the update left it as is. */
  record IncidentUpdate(Instant at, IncidentPhase phase, String message, ComponentState impact) {
  }

  record Overview(Map<StatusComponent, ComponentState> components, List<Incident> incidents,
      List<Maintenance> maintenance, Instant at) {
  }
}
