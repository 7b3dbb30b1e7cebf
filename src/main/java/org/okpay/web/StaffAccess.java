package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * Who may use an operators' page: an admin signed in to OKPay, or the operator signed in to the
 * ledger console with the operator token. The staff pages (/admin/status, /admin/payments) ask it.
 */
@Component
class StaffAccess {

  private final IdentityApi identity;

  StaffAccess(IdentityApi identity) {
    this.identity = identity;
  }

  /**
   * Null when the reader may use the page at {@code path}; else where to send them: someone not
   * signed in goes to sign in, anyone else is refused with 403.
   */
  String refusal(HttpServletRequest request, String path) {
    Optional<CurrentUser> user = identity.currentUser();
    if (user.isPresent() && user.get().role() == Role.ADMIN) {
      return null;
    }
    HttpSession session = request.getSession(false);
    if (session != null
        && Boolean.TRUE.equals(session.getAttribute(LedgerConsoleController.SESSION_KEY))) {
      return null;
    }
    if (user.isEmpty()) {
      return "redirect:/login?next=" + path;
    }
    throw new OkPayException(ErrorCode.FORBIDDEN);
  }

  /** The signed-in admin's e-mail address, for the records; null for the operator token. */
  String who() {
    return identity.currentUser().filter(u -> u.role() == Role.ADMIN).map(CurrentUser::email)
        .orElse(null);
  }
}
