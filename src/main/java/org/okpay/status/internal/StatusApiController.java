package org.okpay.status.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.status.ComponentState;
import org.okpay.status.IncidentPhase;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The public status as JSON (no sign-in), and the operators' incidents and maintenance. */
@RestController
@Tag(name = "Status")
class StatusApiController {

  private static final String COMPONENT = "login|card_topups|bank_transfers|p2p_payments"
      + "|cross_border|merchant_checkout|notifications|api";

  private final StatusApi status;

  StatusApiController(StatusApi status) {
    this.status = status;
  }

  record MaintenanceBody(@NotNull @Size(min = 1, max = StatusApi.TITLE_MAX) String title,
      @NotEmpty @Size(max = 16) List<@Pattern(regexp = COMPONENT) String> components,
      @NotNull Instant startsAt, @NotNull Instant endsAt) {
  }

  record IncidentBody(@NotNull @Size(min = 1, max = StatusApi.TITLE_MAX) String title,
      @NotEmpty @Size(max = 16) List<@Pattern(regexp = COMPONENT) String> components,
      @NotNull @Pattern(regexp = "degraded|partial_outage|major_outage") String impact,
      @NotNull @Size(min = 1, max = StatusApi.MESSAGE_MAX) String message) {
  }

  /** {@code impact}: the incident's new impact, or absent when it stays as it is. */
  record UpdateBody(
      @NotNull @Pattern(regexp = "investigating|identified|monitoring|resolved") String phase,
      @NotNull @Size(min = 1, max = StatusApi.MESSAGE_MAX) String message,
      @Pattern(regexp = "degraded|partial_outage|major_outage") String impact) {
  }

  /** {@code language}: of the e-mails, {@code en} or {@code zh-CN}; else the request's. */
  record SubscribeBody(@NotNull @Size(max = 254) String email,
      @Pattern(regexp = "en|zh-CN") String language) {
  }

  @PostMapping("/api/v1/status/subscriptions")
  @Operation(summary = "Subscribe to incidents by e-mail (double opt-in; public, a few per hour "
      + "per IP); answers 202 whether or not the address was subscribed already")
  ResponseEntity<Map<String, String>> subscribe(@Valid @RequestBody SubscribeBody body,
      HttpServletRequest request) {
    status.subscribe(body.email(), body.language() == null ? LocaleContextHolder.getLocale()
        : java.util.Locale.forLanguageTag(body.language()), request.getRemoteAddr());
    return ResponseEntity.accepted().body(Map.of("status", "check_your_email"));
  }

  @GetMapping("/api/v1/status")
  @Operation(summary = "Every component's state, open incidents and coming maintenance (public)")
  Map<String, Object> overview() {
    StatusApi.Overview overview = status.overview();
    Map<String, String> components = new LinkedHashMap<>();
    overview.components().forEach((c, s) -> components.put(c.key(), s.key()));
    return Map.of("at", overview.at(), "components", components,
        "incidents", overview.incidents(), "maintenance", overview.maintenance());
  }

  @GetMapping("/api/v1/status/uptime")
  @Operation(summary = "Daily uptime per component over the last 90 days (public)")
  Map<String, List<StatusApi.DayUptime>> uptime() {
    Map<String, List<StatusApi.DayUptime>> out = new LinkedHashMap<>();
    status.uptime().forEach((c, days) -> out.put(c.key(), days));
    return out;
  }

  @PostMapping("/api/v1/admin/status/maintenance")
  @Operation(summary = "Schedule a maintenance window")
  ResponseEntity<StatusApi.Maintenance> maintenance(@Valid @RequestBody MaintenanceBody body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(status.scheduleMaintenance(
        body.title(), components(body.components()), body.startsAt(), body.endsAt()));
  }

  @PostMapping("/api/v1/admin/status/incidents")
  @Operation(summary = "Open an incident")
  ResponseEntity<StatusApi.Incident> incident(@Valid @RequestBody IncidentBody body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(status.openIncident(body.title(),
        components(body.components()), state(body.impact()), body.message()));
  }

  @PostMapping("/api/v1/admin/status/incidents/{id}/updates")
  @Operation(summary = "Add an update to an open incident's timeline (phase resolved resolves it)")
  ResponseEntity<StatusApi.Incident> update(@PathVariable UUID id,
      @Valid @RequestBody UpdateBody body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(status.postUpdate(id,
        IncidentPhase.fromKey(body.phase()), body.message(),
        body.impact() == null ? null : state(body.impact())));
  }

  @PostMapping("/api/v1/admin/status/incidents/{id}/resolve")
  @Operation(summary = "Resolve an incident")
  StatusApi.Incident resolve(@PathVariable UUID id) {
    return status.resolveIncident(id);
  }

  private static ComponentState state(String key) {
    return ComponentState.valueOf(key.toUpperCase(java.util.Locale.ROOT));
  }

  private static Set<StatusComponent> components(List<String> keys) {
    EnumSet<StatusComponent> set = EnumSet.noneOf(StatusComponent.class);
    keys.forEach(k -> set.add(StatusComponent.fromKey(k)));
    return set;
  }
}
