package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.status.ComponentState;
import org.okpay.status.IncidentPhase;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operators' page for the status: open an incident, post updates to it, resolve it, schedule
 * maintenance; it lists the open incidents and the maintenance to come. For admins signed in to
 * OKPay, or an operator signed in to the ledger console with the operator token. Times are UTC.
 */
@Controller
@RequestMapping("/admin/status")
public class StatusAdminController {

  static final String PATH = "/admin/status";
  private static final Set<String> DONE = Set.of("opened", "updated", "resolved", "scheduled");
  private static final List<ComponentState> IMPACTS = List.of(ComponentState.DEGRADED,
      ComponentState.PARTIAL_OUTAGE, ComponentState.MAJOR_OUTAGE);

  private final StatusApi status;
  private final StaffAccess staff;
  private final FormProblems forms;

  StatusAdminController(StatusApi status, StaffAccess staff, FormProblems forms) {
    this.status = status;
    this.staff = staff;
    this.forms = forms;
  }

  /** What the forms sent back when they are shown again with a problem. */
  record IncidentForm(String title, List<String> components, String impact, String message) {
  }

  record UpdateForm(UUID incidentId, String phase, String message, String impact) {
  }

  record MaintenanceForm(String title, List<String> components, String startsAt,
      String endsAt) {
  }

  @GetMapping
  public String page(@RequestParam(required = false) String done, HttpServletRequest request,
      Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("done", "statusAdmin.done." + done);
    }
    return show(model);
  }

  @PostMapping("/incidents")
  public String open(@RequestParam(defaultValue = "") String title,
      @RequestParam(required = false) List<String> components,
      @RequestParam(defaultValue = "") String impact,
      @RequestParam(defaultValue = "") String message, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      status.openIncident(title, components(components), impact(impact, false), message);
      return "redirect:" + PATH + "?done=opened";
    } catch (OkPayException e) {
      forms.show("incidentProblem", e, request, response, model);
      model.addAttribute("incidentForm", new IncidentForm(title, orEmpty(components), impact,
          message));
      return show(model);
    }
  }

  /** {@code impact} empty: the incident keeps the impact it has. */
  @PostMapping("/incidents/{id}/updates")
  public String update(@PathVariable UUID id, @RequestParam(defaultValue = "") String phase,
      @RequestParam(defaultValue = "") String message,
      @RequestParam(defaultValue = "") String impact, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      status.postUpdate(id, phase(phase), message, impact(impact, true));
      return "redirect:" + PATH + "?done=updated";
    } catch (OkPayException e) {
      forms.show("updateProblem", e, request, response, model);
      model.addAttribute("updateForm", new UpdateForm(id, phase, message, impact));
      return show(model);
    }
  }

  @PostMapping("/incidents/{id}/resolve")
  public String resolve(@PathVariable UUID id, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      status.resolveIncident(id);
      return "redirect:" + PATH + "?done=resolved";
    } catch (OkPayException e) {
      forms.show("updateProblem", e, request, response, model);
      model.addAttribute("updateForm", new UpdateForm(id, "", "", ""));
      return show(model);
    }
  }

  /** {@code startsAt}, {@code endsAt}: as a datetime-local field sends them, read as UTC. */
  @PostMapping("/maintenance")
  public String schedule(@RequestParam(defaultValue = "") String title,
      @RequestParam(required = false) List<String> components,
      @RequestParam(defaultValue = "") String startsAt,
      @RequestParam(defaultValue = "") String endsAt, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      status.scheduleMaintenance(title, components(components), utc("startsAt", startsAt),
          utc("endsAt", endsAt));
      return "redirect:" + PATH + "?done=scheduled";
    } catch (OkPayException e) {
      forms.show("maintenanceProblem", e, request, response, model);
      model.addAttribute("maintenanceForm", new MaintenanceForm(title, orEmpty(components),
          startsAt, endsAt));
      return show(model);
    }
  }

  private String show(Model model) {
    model.addAttribute("overview", status.overview());
    model.addAttribute("components", StatusComponent.values());
    model.addAttribute("impacts", IMPACTS);
    model.addAttribute("phases", IncidentPhase.values());
    if (!model.containsAttribute("incidentForm")) {
      model.addAttribute("incidentForm", new IncidentForm("", List.of(), "degraded", ""));
    }
    if (!model.containsAttribute("maintenanceForm")) {
      model.addAttribute("maintenanceForm", new MaintenanceForm("", List.of(), "", ""));
    }
    return "admin/status";
  }

  private static Set<StatusComponent> components(List<String> keys) {
    EnumSet<StatusComponent> set = EnumSet.noneOf(StatusComponent.class);
    try {
      orEmpty(keys).forEach(k -> set.add(StatusComponent.fromKey(k)));
    } catch (IllegalArgumentException unknown) {
      throw invalid("components");
    }
    return set;
  }

  /** An impact key; empty means "unchanged" (null) where that is allowed. */
  private static ComponentState impact(String key, boolean emptyMeansUnchanged) {
    if (key.isEmpty() && emptyMeansUnchanged) {
      return null;
    }
    return IMPACTS.stream().filter(s -> s.key().equals(key)).findFirst()
        .orElseThrow(() -> invalid("impact"));
  }

  private static IncidentPhase phase(String key) {
    return List.of(IncidentPhase.values()).stream().filter(p -> p.key().equals(key))
        .findFirst().orElseThrow(() -> invalid("phase"));
  }

  private static Instant utc(String field, String value) {
    try {
      return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw invalid(field);
    }
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static OkPayException invalid(String field) {
    return FieldErrors.invalid(field, FieldErrors.INVALID);
  }
}
