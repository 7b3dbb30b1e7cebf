package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.shared.StaffAuthorization;
import org.springframework.stereotype.Component;

/**
 * Who may use an operators' page: a signed-in user whose role the staff rules open the page's
 * path to (the same {@link StaffAuthorization} that guards the operator API; web declares its
 * pages in {@link StaffPageRules}), or the operator signed in to the ledger console with the
 * operator token. The staff pages (/admin/status, /admin/payments) ask it.
 */
@Component
class StaffAccess {

  /** What a staff page does with the request. */
  sealed interface Decision permits Allowed, SignInFirst {
  }

  /** Go ahead; {@code who} is the staff member's e-mail address, null for the operator token. */
  record Allowed(String who) implements Decision {
  }

  /** Nobody is signed in: {@code view} sends them to sign in and back. */
  record SignInFirst(String view) implements Decision {
  }

  private final IdentityApi identity;
  private final StaffAuthorization rules;

  StaffAccess(IdentityApi identity, StaffAuthorization rules) {
    this.identity = identity;
    this.rules = rules;
  }

  /**
   * Whether the reader may use this request's page; {@code page} is where sign-in returns to.
   * A signed-in user the rules do not open the page to is refused with 403.
   */
  Decision decide(HttpServletRequest request, String page) {
    Optional<CurrentUser> user = identity.currentUser();
    if (user.isPresent() && rules.allows(request.getRequestURI())) {
      return new Allowed(user.get().email());
    }
    HttpSession session = request.getSession(false);
    if (session != null
        && Boolean.TRUE.equals(session.getAttribute(LedgerConsoleController.SESSION_KEY))) {
      return new Allowed(null);
    }
    if (user.isEmpty()) {
      return new SignInFirst("redirect:/login?next=" + page);
    }
    throw new OkPayException(ErrorCode.FORBIDDEN);
  }
}
