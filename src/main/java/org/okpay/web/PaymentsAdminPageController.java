package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.UUID;
import org.okpay.payments.PaymentsAdminApi;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operators' page for payments: payments held by the risk checks (approve or reject them),
 * the latest reconciliation runs (run one now), and the open findings (record how each was dealt
 * with). For admins signed in to OKPay, or the operator signed in to the ledger console. Times
 * are UTC.
 */
@Controller
@RequestMapping(PaymentsAdminPageController.PATH)
public class PaymentsAdminPageController {

  static final String PATH = "/admin/payments";
  private static final Set<String> DONE = Set.of("approved", "rejected", "ran", "resolved");
  private static final int RUNS_SHOWN = 10;
  private static final int FINDINGS_SHOWN = 50;

  private final PaymentsAdminApi admin;
  private final StaffAccess staff;
  private final FormProblems forms;

  PaymentsAdminPageController(PaymentsAdminApi admin, StaffAccess staff, FormProblems forms) {
    this.admin = admin;
    this.staff = staff;
    this.forms = forms;
  }

  /** What a resolve form sent, shown again with its problem at its own finding. */
  record ResolveForm(long findingId, String resolution) {
  }

  @GetMapping
  public String page(@RequestParam(required = false) String done, HttpServletRequest request,
      Model model) {
    String refusal = staff.refusal(request, PATH);
    if (refusal != null) {
      return refusal;
    }
    if (done != null && DONE.contains(done)) {
      model.addAttribute("done", "adminPayments.done." + done);
    }
    return show(model);
  }

  @PostMapping("/reviews/{id}/approve")
  public String approve(@PathVariable UUID id, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    return decide(id, true, request, response, model);
  }

  @PostMapping("/reviews/{id}/reject")
  public String reject(@PathVariable UUID id, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    return decide(id, false, request, response, model);
  }

  @PostMapping("/reconciliation/run")
  public String run(HttpServletRequest request) {
    String refusal = staff.refusal(request, PATH);
    if (refusal != null) {
      return refusal;
    }
    admin.runReconciliation();
    return "redirect:" + PATH + "?done=ran";
  }

  @PostMapping("/findings/{id}/resolve")
  public String resolve(@PathVariable long id, @RequestParam(defaultValue = "") String resolution,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    String refusal = staff.refusal(request, PATH);
    if (refusal != null) {
      return refusal;
    }
    try {
      admin.resolve(id, resolution, staff.who());
      return "redirect:" + PATH + "?done=resolved";
    } catch (OkPayException e) {
      forms.show("findingProblem", e, request, response, model);
      model.addAttribute("resolveForm", new ResolveForm(id, resolution));
      return show(model);
    }
  }

  /** A payment decided already (by another agent) is explained above the list, not a 500. */
  private String decide(UUID id, boolean approve, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    String refusal = staff.refusal(request, PATH);
    if (refusal != null) {
      return refusal;
    }
    try {
      if (approve) {
        admin.approve(id, staff.who());
      } else {
        admin.reject(id, staff.who());
      }
      return "redirect:" + PATH + "?done=" + (approve ? "approved" : "rejected");
    } catch (OkPayException e) {
      forms.show("reviewProblem", e, request, response, model);
      return show(model);
    }
  }

  private String show(Model model) {
    model.addAttribute("held", admin.heldForReview());
    model.addAttribute("runs", admin.runs(RUNS_SHOWN));
    model.addAttribute("findings", admin.findings(true, FINDINGS_SHOWN));
    return "admin/payments";
  }
}
