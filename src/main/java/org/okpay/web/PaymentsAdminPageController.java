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
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
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
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    admin.runReconciliation();
    return "redirect:" + PATH + "?done=ran";
  }

  @PostMapping("/findings/{id}/resolve")
  public String resolve(@PathVariable long id, @RequestParam(defaultValue = "") String resolution,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    String who;
    switch (staff.decide(request, PATH)) {
      case StaffAccess.SignInFirst first -> {
        return first.view();
      }
      case StaffAccess.Allowed allowed -> who = allowed.who();
    }
    try {
      admin.resolve(id, resolution, who);
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
    String who;
    switch (staff.decide(request, PATH)) {
      case StaffAccess.SignInFirst first -> {
        return first.view();
      }
      case StaffAccess.Allowed allowed -> who = allowed.who();
    }
    try {
      if (approve) {
        admin.approve(id, who);
      } else {
        admin.reject(id, who);
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
