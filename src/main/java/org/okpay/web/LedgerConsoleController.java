package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.StatementPage;
import org.okpay.shared.AdminAccess;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.StaffAuthorization;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operator's ledger console: is the ledger consistent, and what does an account hold and
 * why. Read-only. For admins signed in to OKPay, or with the operator token.
 */
@Controller
@RequestMapping("/admin/ledger")
public class LedgerConsoleController {

  static final String SESSION_KEY = "okpay.admin";
  private static final int STAFF_IDLE_SECONDS = 15 * 60;
  private static final int PAGE_LINES = 20;

  private final LedgerApi ledger;
  private final AdminAccess access;
  private final StaffAuthorization staff;

  LedgerConsoleController(LedgerApi ledger, AdminAccess access, StaffAuthorization staff) {
    this.ledger = ledger;
    this.access = access;
    this.staff = staff;
  }

  @GetMapping
  public String console(@RequestParam(required = false) String account, HttpSession session,
      Model model) {
    if (!signedIn(session)) {
      model.addAttribute("enabled", access.enabled());
      return "admin/ledger-login";
    }
    model.addAttribute("report", ledger.checkInvariants());
    if (account != null && !account.isBlank()) {
      model.addAttribute("query", account.strip());
      Optional<Account> found = parseId(account).flatMap(ledger::account);
      if (found.isPresent()) {
        model.addAttribute("account", found.get());
        model.addAttribute("page", ledger.statement(found.get().id(), null, PAGE_LINES));
      } else {
        model.addAttribute("lookupError", ErrorCode.ACCOUNT_NOT_FOUND.messageKey());
      }
    }
    return "admin/ledger";
  }

  /** Older statement lines, appended to the table by htmx. */
  @GetMapping("/accounts/{id}/lines")
  public String olderLines(@PathVariable long id, @RequestParam String cursor,
      HttpSession session, Model model) {
    if (!signedIn(session)) {
      return "redirect:/admin/ledger";
    }
    StatementPage page = ledger.statement(id, cursor, PAGE_LINES);
    model.addAttribute("account", ledger.account(id).orElseThrow());
    model.addAttribute("page", page);
    return "admin/ledger :: lines";
  }

  @PostMapping("/login")
  public String login(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
      Model model) {
    if (!access.matches(token)) {
      model.addAttribute("enabled", access.enabled());
      model.addAttribute("loginError", true);
      return "admin/ledger-login";
    }
    request.getSession(true);
    request.changeSessionId(); // a new id at sign-in: no session fixation
    HttpSession session = request.getSession();
    session.setAttribute(SESSION_KEY, Boolean.TRUE);
    session.setMaxInactiveInterval(STAFF_IDLE_SECONDS);
    return "redirect:/admin/ledger";
  }

  @PostMapping("/logout")
  public String logout(HttpSession session) {
    session.invalidate();
    return "redirect:/admin/ledger";
  }

  /**
   * Staff signed in to OKPay whom the staff rules open the console to (StaffPageRules), or an
   * operator who gave the operator token here.
   */
  private boolean signedIn(HttpSession session) {
    return staff.allows("/admin/ledger")
        || Boolean.TRUE.equals(session.getAttribute(SESSION_KEY));
  }

  private static Optional<Long> parseId(String text) {
    try {
      long id = Long.parseLong(text.strip());
      return id > 0 ? Optional.of(id) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
