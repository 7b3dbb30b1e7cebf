package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.AgentCasesApi;
import org.okpay.support.AgentCasesApi.CaseDetail;
import org.okpay.support.AgentCasesApi.QueueFilter;
import org.okpay.support.CannedRepliesApi;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The agent console's pages: the queue by SLA due time with its filters and call-back requests,
 * and one case with its thread, internal notes, the reply form with canned replies, status,
 * priority and assignment. For agents and admins (the support module's staff rules, asked through
 * {@link StaffAccess}); times in the agent's zone. Every form answers with a redirect (PRG); a
 * refused one comes back from its draft with what was typed.
 */
@Controller
public class SupportAgentPagesController {

  static final String QUEUE = "/admin/support/queue";
  static final String CASES = "/admin/support/cases/";
  private static final int PAGE_SIZE = 25;
  private static final Set<String> DONE = Set.of("replied", "noted", "status", "priority",
      "assigned", "callback");
  private static final String FORM = "support-agent";

  private final AgentCasesApi agent;
  private final CannedRepliesApi canned;
  private final IdentityApi identity;
  private final StaffAccess staff;
  private final FormProblems forms;

  SupportAgentPagesController(AgentCasesApi agent, CannedRepliesApi canned, IdentityApi identity,
      StaffAccess staff, FormProblems forms) {
    this.agent = agent;
    this.canned = canned;
    this.identity = identity;
    this.staff = staff;
    this.forms = forms;
  }

  /** The filters as the form sent them, to show them again. */
  record Filters(String category, String priority, String status, String breach, boolean mine) {
  }

  @GetMapping(QUEUE)
  public String queue(@RequestParam(defaultValue = "") String category,
      @RequestParam(defaultValue = "") String priority,
      @RequestParam(defaultValue = "") String status,
      @RequestParam(defaultValue = "") String breach,
      @RequestParam(defaultValue = "false") boolean mine,
      @RequestParam(defaultValue = "0") int page, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, QUEUE) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    Filters typed = new Filters(category, priority, status, breach, mine);
    model.addAttribute("filters", typed);
    model.addAttribute("categories", CaseCategory.values());
    model.addAttribute("priorities", CasePriority.values());
    model.addAttribute("statuses", CaseStatus.values());
    int pageNumber = Math.max(0, Math.min(page, AgentCasesApi.QUEUE_OFFSET_MAX / PAGE_SIZE));
    try {
      model.addAttribute("queue", agent.queue(filter(typed), pageNumber * PAGE_SIZE, PAGE_SIZE));
    } catch (OkPayException e) {
      forms.show("filterProblem", e, request, response, model);
      model.addAttribute("queue", agent.queue(QueueFilter.all(), 0, PAGE_SIZE));
    }
    model.addAttribute("page", pageNumber);
    return "support-agent/queue";
  }

  @GetMapping(CASES + "{id}")
  public String show(@PathVariable UUID id, @RequestParam(required = false) UUID canned,
      @RequestParam(required = false) String done, @RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    if (staff.decide(request, CASES + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    CaseDetail detail = agent.detail(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
    model.addAttribute("c", detail);
    model.addAttribute("cannedReplies", this.canned.list());
    model.addAttribute("statuses", CaseStatus.values());
    model.addAttribute("priorities", CasePriority.values());
    if (done != null && DONE.contains(done)) {
      model.addAttribute("done", "support.agent.done." + done);
    }
    Map<String, String> fields = Map.of();
    if (draft != null) {
      fields = forms.restore(user(), draft, FORM, request, response, model)
          .map(FormDrafts.Draft::fields).orElse(Map.of());
    }
    String body = fields.getOrDefault("body", "");
    if (canned != null && fields.isEmpty()) {
      try {
        body = agent.cannedText(id, canned);
        model.addAttribute("cannedId", canned);
      } catch (OkPayException e) {
        forms.show("replyProblem", e, request, response, model);
      }
    }
    model.addAttribute("replyBody", body);
    model.addAttribute("noteBody", fields.getOrDefault("note", ""));
    model.addAttribute("reason", fields.getOrDefault("reason", ""));
    model.addAttribute("draftForm", fields.getOrDefault("form", ""));
    return "support-agent/case";
  }

  @PostMapping(CASES + "{id}/reply")
  public String reply(@PathVariable UUID id, @RequestParam(defaultValue = "") String body,
      @RequestParam(defaultValue = "waiting_on_customer") String status,
      HttpServletRequest request) {
    return act(request, id, "replied", "replyProblem",
        FormProblems.fields("form", "reply", "body", body),
        () -> agent.reply(id, body, null, status(status, Set.of(CaseStatus.WAITING_ON_CUSTOMER,
            CaseStatus.RESOLVED))));
  }

  @PostMapping(CASES + "{id}/note")
  public String note(@PathVariable UUID id, @RequestParam(defaultValue = "") String body,
      HttpServletRequest request) {
    return act(request, id, "noted", "noteProblem", FormProblems.fields("form", "note",
        "note", body), () -> agent.note(id, body));
  }

  @PostMapping(CASES + "{id}/status")
  public String status(@PathVariable UUID id, @RequestParam(defaultValue = "") String status,
      @RequestParam(defaultValue = "") String reason, HttpServletRequest request) {
    return act(request, id, "status", "actionProblem", FormProblems.fields("form", "status",
        "reason", reason), () -> agent.changeStatus(id, status(status, null), reason));
  }

  @PostMapping(CASES + "{id}/priority")
  public String priority(@PathVariable UUID id, @RequestParam(defaultValue = "") String priority,
      @RequestParam(defaultValue = "") String reason, HttpServletRequest request) {
    return act(request, id, "priority", "actionProblem", FormProblems.fields("form", "priority",
        "reason", reason), () -> agent.changePriority(id, priority(priority), reason));
  }

  /** {@code state}: {@code done} (the agent called) or {@code canceled}. */
  @PostMapping(CASES + "{id}/callbacks/{callbackId}")
  public String callback(@PathVariable UUID id, @PathVariable UUID callbackId,
      @RequestParam(defaultValue = "done") String state, HttpServletRequest request) {
    return act(request, id, "callback", "actionProblem", FormProblems.fields("form", "callback"),
        () -> agent.finishCallback(id, callbackId, !"canceled".equals(state)));
  }

  /** {@code to}: {@code me} or {@code nobody}. */
  @PostMapping(CASES + "{id}/assign")
  public String assign(@PathVariable UUID id, @RequestParam(defaultValue = "me") String to,
      HttpServletRequest request) {
    return act(request, id, "assigned", "actionProblem", FormProblems.fields("form", "assign"),
        () -> agent.assign(id, null, !"nobody".equals(to), null));
  }

  private String act(HttpServletRequest request, UUID id, String done, String problem,
      Map<String, String> fields, Runnable action) {
    String page = CASES + id;
    if (staff.decide(request, page) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    try {
      action.run();
      return FormProblems.seeOther(request, page + "?done=" + done + "#" + anchor(done));
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.CASE_NOT_FOUND) {
        throw e;
      }
      return forms.redirect(request, user(), FORM, page + "#" + anchor(done), fields, problem, e);
    }
  }

  private static String anchor(String done) {
    return switch (done) {
      case "replied" -> "reply";
      case "noted" -> "notes";
      default -> "actions";
    };
  }

  private CurrentUser user() {
    return identity.currentUser().orElse(null);
  }

  private static QueueFilter filter(Filters f) {
    return new QueueFilter(
        read("category", f.category(), CaseCategory::fromCode),
        read("priority", f.priority(), CasePriority::fromCode),
        read("status", f.status(), CaseStatus::fromCode),
        read("breach", f.breach(), b -> {
          if (!b.matches("warning|breached")) {
            throw new IllegalArgumentException(b);
          }
          return b;
        }), f.mine());
  }

  private static <T> T read(String field, String value,
      java.util.function.Function<String, T> parse) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parse.apply(value.strip());
    } catch (IllegalArgumentException unknown) {
      throw FieldErrors.invalid(field, FieldErrors.UNKNOWN);
    }
  }

  private static CaseStatus status(String value, Set<CaseStatus> allowed) {
    CaseStatus status = read("status", value, CaseStatus::fromCode);
    if (status == null || (allowed != null && !allowed.contains(status))) {
      throw FieldErrors.invalid("status", status == null ? FieldErrors.REQUIRED
          : FieldErrors.INVALID);
    }
    return status;
  }

  private static CasePriority priority(String value) {
    CasePriority priority = read("priority", value, CasePriority::fromCode);
    if (priority == null) {
      throw FieldErrors.invalid("priority", FieldErrors.REQUIRED);
    }
    return priority;
  }
}
