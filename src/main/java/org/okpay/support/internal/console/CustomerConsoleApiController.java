package org.okpay.support.internal.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.ActionResult;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.identity.SupportActionsApi.CustomerMatch;
import org.okpay.support.CustomerConsoleApi;
import org.okpay.support.CustomerConsoleApi.Customer360;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent console's customer API: find a customer, read the 360, act on the account. Agents
 * and admins (see {@link ConsoleStaffRules}); resetting two-factor is for admins. Every action
 * takes {@code {"reason": "...", "checklist": {"item": true, ...}}} and answers what happened
 * in words ({@code outcome}), also when it was already so.
 */
@RestController
@RequestMapping("/api/v1/admin/support/customers")
@Tag(name = "Support console (staff)")
class CustomerConsoleApiController {

  static final int SEARCH_LIMIT_DEFAULT = 20;

  private final SupportActionsApi actions;
  private final CustomerConsoleApi console;
  private final IdentityApi identity;

  CustomerConsoleApiController(SupportActionsApi actions, CustomerConsoleApi console,
      IdentityApi identity) {
    this.actions = actions;
    this.console = console;
    this.identity = identity;
  }

  /**
   * @param checklist the ticked items, e.g. {@code {"sessionsReviewed": true}}; omitted for
   *     actions without one
   */
  record ActionBody(String reason, Map<String, Boolean> checklist) {

    Set<String> ticked() {
      return checklist == null ? Set.of() : checklist.entrySet().stream()
          .filter(e -> Boolean.TRUE.equals(e.getValue())).map(Map.Entry::getKey)
          .collect(Collectors.toUnmodifiableSet());
    }
  }

  record Matches(List<CustomerMatch> customers) {
  }

  @GetMapping
  @Operation(summary = "Find customers by the start of their e-mail address, name or phone")
  Matches search(@RequestParam(defaultValue = "") String q,
      @RequestParam(defaultValue = "" + SEARCH_LIMIT_DEFAULT) int limit) {
    return new Matches(actions.find(actor(), q, limit));
  }

  @GetMapping("/{id}")
  @Operation(summary = "A customer's 360: profile, lock and freeze, sign-ins, devices, funding "
      + "sources (masked), balances, transactions, refunds, cases")
  Customer360 customer(@PathVariable UUID id) {
    return console.customer(actor(), id);
  }

  @PostMapping("/{id}/unlock")
  @Operation(summary = "Lift a sign-in lock (reason required)")
  ActionResult unlock(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.unlock(actor(), id, body.reason());
  }

  @PostMapping("/{id}/freeze")
  @Operation(summary = "Freeze outgoing money (reason required)")
  ActionResult freeze(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.freeze(actor(), id, body.reason());
  }

  @PostMapping("/{id}/unfreeze")
  @Operation(summary = "Let money leave again; a \"hacked\" freeze needs the checklist "
      + "(passwordChanged, sessionsReviewed, suspiciousTransactionsReported)")
  ActionResult unfreeze(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.unfreeze(actor(), id, body.reason(), body.ticked());
  }

  @PostMapping("/{id}/reset-two-factor")
  @Operation(summary = "Admins: turn two-factor off after the identity checklist "
      + "(identityDocument, registeredContact, recentActivity)")
  ActionResult resetTwoFactor(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.resetTwoFactor(actor(), id, body.reason(), body.ticked());
  }

  @PostMapping("/{id}/resend-verification")
  @Operation(summary = "Send a new verification link (reason required)")
  ActionResult resendVerification(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.resendVerification(actor(), id, body.reason());
  }

  @PostMapping("/{id}/force-password-reset")
  @Operation(summary = "End every session and e-mail a reset link (reason required)")
  ActionResult forcePasswordReset(@PathVariable UUID id, @RequestBody ActionBody body) {
    return actions.forcePasswordReset(actor(), id, body.reason());
  }

  /** The signed-in staff member; the operator token (no user) acts as an admin. */
  private Actor actor() {
    return identity.currentUser().map(u -> new Actor(u.userId(), u.role()))
        .orElseGet(Actor::operator);
  }
}
