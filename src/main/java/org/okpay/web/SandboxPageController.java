package org.okpay.web;

import java.time.Duration;
import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.okpay.payments.SandboxApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sandbox rail's control page: the test cards and bank accounts and what each does (for
 * everyone), the sandbox clock, and buttons that move it forward (admins; every signed-in user
 * when okpay.sandbox.open-controls is on).
 */
@Controller
public class SandboxPageController {

  /** The steps the page offers: an hour, a day, three days. */
  static final List<Long> STEPS_SECONDS = List.of(3_600L, 86_400L, 259_200L);

  private final SandboxApi sandbox;

  SandboxPageController(SandboxApi sandbox) {
    this.sandbox = sandbox;
  }

  @GetMapping("/sandbox")
  public String page(@AuthenticationPrincipal CurrentUser user, Model model) {
    model.addAttribute("now", sandbox.now());
    model.addAttribute("timeFactor", sandbox.timeFactor());
    model.addAttribute("returnDays", sandbox.returnAfterBusinessDays());
    model.addAttribute("cards", sandbox.testCards());
    model.addAttribute("bankAccounts", sandbox.testBankAccounts());
    model.addAttribute("mayAdvance", mayAdvance(user));
    model.addAttribute("openControls", sandbox.openControls());
    return "sandbox";
  }

  @PostMapping("/sandbox/advance")
  public String advance(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "0") long seconds) {
    if (!mayAdvance(user)) {
      throw new OkPayException(user == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN);
    }
    if (!STEPS_SECONDS.contains(seconds)) {
      throw FieldErrors.invalid("seconds", FieldErrors.OUT_OF_RANGE);
    }
    sandbox.advance(Duration.ofSeconds(seconds));
    return "redirect:/sandbox?advanced";
  }

  private boolean mayAdvance(CurrentUser user) {
    return user != null && (user.role() == Role.ADMIN || sandbox.openControls());
  }
}
