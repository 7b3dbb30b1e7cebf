package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.ActionResult;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.CustomerConsoleApi;
import org.okpay.support.DisputesApi;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The agent console's customer pages: find a customer, their 360 with the account actions, and
 * one of their transactions with its tracker. Agents and admins (StaffAccess, rules in
 * {@link SupportConsolePageRules}); times in the reader's zone. Every action form carries a
 * reason and, where one applies, a checklist; the result is said in words on the 360.
 */
@Controller
public class SupportConsolePagesController {

  static final String PATH = "/admin/support/customers";
  static final int SEARCH_LIMIT = 20;
  /** The outcomes an action may report back on the 360 (anything else is ignored). */
  static final Set<String> OUTCOMES = Set.of("unlocked", "not_locked", "frozen",
      "already_frozen", "unfrozen", "not_frozen", "two_factor_reset", "two_factor_off",
      "verification_sent", "already_verified", "reset_sent");
  static final List<String> ACTIONS = List.of("unlock", "freeze", "unfreeze",
      "reset-two-factor", "resend-verification", "force-password-reset");

  /** The newest disputes of the customer on the 360 page; the rest are on /admin/disputes. */
  static final int DISPUTES_SHOWN = 20;
  private final SupportActionsApi actions;
  private final CustomerConsoleApi console;
  private final DisputesApi disputes;
  private final IdentityApi identity;
  private final StaffAccess staff;
  private final FormProblems forms;

  SupportConsolePagesController(SupportActionsApi actions, CustomerConsoleApi console,
      DisputesApi disputes,
      IdentityApi identity, StaffAccess staff, FormProblems forms) {
    this.actions = actions;
    this.console = console;
    this.disputes = disputes;
    this.identity = identity;
    this.staff = staff;
    this.forms = forms;
  }

  @GetMapping(PATH)
  public String search(@RequestParam(defaultValue = "") String q, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    model.addAttribute("q", q);
    if (!q.isBlank()) {
      try {
        model.addAttribute("matches", actions.find(actor(), q, SEARCH_LIMIT));
      } catch (OkPayException e) {
        forms.show("searchProblem", e, request, response, model);
      }
    }
    return "support-console/search";
  }

  @GetMapping(PATH + "/{id}")
  public String customer(@PathVariable UUID id, @RequestParam(required = false) String done,
      HttpServletRequest request, Model model) {
    if (staff.decide(request, PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    if (done != null && OUTCOMES.contains(done)) {
      model.addAttribute("done", "support.console.outcome." + done);
    }
    return show(id, model);
  }

  /** One action; {@code checklist} holds the ticked items' names. */
  @PostMapping(PATH + "/{id}/{action}")
  public String act(@PathVariable UUID id, @PathVariable String action,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(required = false) List<String> checklist, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    if (!ACTIONS.contains(action)) {
      throw new OkPayException(ErrorCode.ROUTE_NOT_FOUND);
    }
    Set<String> ticked = checklist == null ? Set.of() : Set.copyOf(checklist);
    try {
      ActionResult result = switch (action) {
        case "unlock" -> actions.unlock(actor(), id, reason);
        case "freeze" -> actions.freeze(actor(), id, reason);
        case "unfreeze" -> actions.unfreeze(actor(), id, reason, ticked);
        case "reset-two-factor" -> actions.resetTwoFactor(actor(), id, reason, ticked);
        case "resend-verification" -> actions.resendVerification(actor(), id, reason);
        default -> actions.forcePasswordReset(actor(), id, reason);
      };
      return FormProblems.seeOther(request, PATH + "/" + id + "?done=" + result.outcome()
          + "#result");
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.FORBIDDEN || e.errorCode() == ErrorCode.USER_NOT_FOUND) {
        throw e;
      }
      forms.show("actionProblem", e, request, response, model);
      model.addAttribute("failedAction", action);
      model.addAttribute("typedReason", reason);
      model.addAttribute("ticked", ticked);
      return show(id, model);
    }
  }

  @GetMapping(PATH + "/{id}/transactions/{transactionId}")
  public String transaction(@PathVariable UUID id, @PathVariable UUID transactionId,
      HttpServletRequest request, Model model) {
    if (staff.decide(request, PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    model.addAttribute("customerId", id);
    model.addAttribute("tx", console.transaction(actor(), id, transactionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND)));
    return "support-console/transaction";
  }

  private String show(UUID id, Model model) {
    model.addAttribute("c", console.customer(actor(), id));
    model.addAttribute("disputes", disputes.mine(id, DISPUTES_SHOWN));
    model.addAttribute("actor", actor());
    model.addAttribute("unfreezeChecklist", SupportActionsApi.UNFREEZE_CHECKLIST);
    model.addAttribute("twoFactorChecklist", SupportActionsApi.TWO_FACTOR_CHECKLIST);
    model.addAttribute("reasonMax", SupportActionsApi.REASON_MAX);
    if (!model.containsAttribute("ticked")) {
      model.addAttribute("ticked", Set.of());
    }
    return "support-console/customer";
  }

  /**
   * The signed-in staff member; the operator signed in to the ledger console with the token
   * (no user) acts as an admin, as on the operator API.
   */
  private Actor actor() {
    return identity.currentUser().map(u -> new Actor(u.userId(), u.role()))
        .orElseGet(Actor::operator);
  }
}
