package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditPage;
import org.okpay.audit.AuditQuery;
import org.okpay.audit.AuditVerification;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.shared.ReaderZone;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admins' audit log page: the rows newest first with filters (action prefix, actor,
 * subject, time in the reader's zone, chain), paged by cursor; a button that verifies every
 * chain and says the result in words; a button that signs a checkpoint now. Admins only (the
 * audit module's staff rules), or the operator signed in to the ledger console.
 */
@Controller
@RequestMapping("/admin/audit")
public class AuditPageController {

  static final String PATH = "/admin/audit";
  private static final int PAGE_ROWS = 50;

  private final AuditApi audit;
  private final StaffAccess staff;
  private final FormProblems forms;

  AuditPageController(AuditApi audit, StaffAccess staff, FormProblems forms) {
    this.audit = audit;
    this.staff = staff;
    this.forms = forms;
  }

  /** The filter form as sent (times as a datetime-local field sends them, in the reader's zone). */
  record Filters(String action, String actor, String subjectType, String subjectId, String from,
      String to, String chain) {

    boolean any() {
      return !(action.isBlank() && actor.isBlank() && subjectType.isBlank()
          && subjectId.isBlank() && from.isBlank() && to.isBlank() && chain.isBlank());
    }
  }

  /** One row of the table: the entry and its details sorted by key. */
  public record Row(AuditEntry e, List<Map.Entry<String, String>> details) {

    static Row of(AuditEntry entry) {
      return new Row(entry, new TreeMap<>(entry.details()).entrySet().stream()
          .map(d -> Map.entry(d.getKey(), d.getValue())).toList());
    }
  }

  @GetMapping
  public String page(@RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String actor,
      @RequestParam(defaultValue = "") String subjectType,
      @RequestParam(defaultValue = "") String subjectId,
      @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
      @RequestParam(defaultValue = "") String chain,
      @RequestParam(defaultValue = "") String cursor,
      @RequestParam(required = false) String done, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    if ("checkpointed".equals(done)) {
      model.addAttribute("done", "audit.page.checkpointed");
    }
    Filters filters = new Filters(action, actor, subjectType, subjectId, from, to, chain);
    return show(filters, cursor, request, response, model);
  }

  @PostMapping("/verify")
  public String verify(HttpServletRequest request, HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    List<AuditVerification> results = audit.verify(null);
    model.addAttribute("verification", results);
    model.addAttribute("verifiedOk", results.stream().allMatch(AuditVerification::ok));
    return show(new Filters("", "", "", "", "", "", ""), "", request, response, model);
  }

  @PostMapping("/checkpoints")
  public String checkpoint(HttpServletRequest request) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    audit.checkpointNow();
    return "redirect:" + PATH + "?done=checkpointed";
  }

  private String show(Filters filters, String cursor, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    model.addAttribute("filters", filters);
    AuditPage page;
    try {
      page = audit.events(new AuditQuery(filters.action(), filters.actor(),
          filters.subjectType(), filters.subjectId(), local("from", filters.from()),
          local("to", filters.to()), filters.chain(), cursor, PAGE_ROWS));
    } catch (OkPayException e) {
      forms.show("filterProblem", e, request, response, model);
      page = new AuditPage(List.of(), null);
    }
    model.addAttribute("events", page.entries().stream().map(Row::of).toList());
    model.addAttribute("nextCursor", page.nextCursor());
    model.addAttribute("firstPage", cursor.isBlank());
    return "admin/audit";
  }

  /** A datetime-local value in the reader's zone; blank for none. */
  private static Instant local(String field, String value) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).atZone(ReaderZone.current()).toInstant();
    } catch (DateTimeParseException e) {
      throw FieldErrors.invalid(field, FieldErrors.FORMAT);
    }
  }
}
