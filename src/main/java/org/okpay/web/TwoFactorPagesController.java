package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.TwoFactorApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Two-factor pages: the sign-in's second step, and on "my account" setting up an authenticator
 * app (QR code, key to type, first code), the recovery codes (shown once), switching it off.
 */
@Controller
public class TwoFactorPagesController {

  private final IdentityApi identity;
  private final TwoFactorApi twoFactor;
  private final FormProblems forms;
  TwoFactorPagesController(IdentityApi identity, TwoFactorApi twoFactor, FormProblems forms) {
    this.identity = identity;
    this.twoFactor = twoFactor;
    this.forms = forms;
  }

  /** The sign-in's second step, kept as a draft between the password and the code. */
  static final String CHALLENGE_DRAFT = "login/two-factor";

  /** The second step of a sign-in, after the right password: the challenge rides in the form. */
  static String challengePage(String challenge, String next, Model model) {
    model.addAttribute("challenge", challenge);
    model.addAttribute("next", next);
    return "account/two-factor-challenge";
  }

  /**
   * The code page of a sign-in, from its draft (the challenge, never a code): a reload or the
   * language switch shows it again; once the draft has expired the sign-in starts again.
   */
  @GetMapping("/login/two-factor")
  public String challenge(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return forms.restore(null, draft, CHALLENGE_DRAFT, request, response, model)
        .map(d -> challengePage(d.field("challenge"),
            AccountPagesController.safeNext(d.field("next")), model))
        .orElse("redirect:/login");
  }

  @PostMapping("/login/two-factor")
  public String finishSignIn(@RequestParam(defaultValue = "") String challenge,
      @RequestParam(defaultValue = "") String code,
      @RequestParam(required = false) String next, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    String safeNext = AccountPagesController.safeNext(next);
    try {
      IdentityApi.SignIn signIn = identity.finishWebSignIn(challenge, SecondFactor.of(code),
          request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
      AccountPagesController.setSessionCookie(request, response, signIn.token(),
          Duration.between(Instant.now(), signIn.expiresAt()));
      return "redirect:" + safeNext;
    } catch (OkPayException e) {
      ErrorCode refusal = e.errorCode();
      if (refusal == ErrorCode.INVALID_SECOND_FACTOR
          || refusal == ErrorCode.SECOND_FACTOR_REQUIRED) {
        return forms.redirect(request, null, CHALLENGE_DRAFT, "/login/two-factor",
            FormProblems.fields("challenge", challenge, "next", safeNext), "problem", e);
      }
      // Expired, used up or locked: the sign-in starts again from the password.
      return forms.redirect(request, null, "login", "/login",
          FormProblems.fields("next", safeNext), "problem", e);
    }
  }

  @PostMapping("/account/two-factor/start")
  public String start(@AuthenticationPrincipal CurrentUser user) {
    try {
      twoFactor.start(user);
      return "redirect:/account/two-factor/setup";
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.TWO_FACTOR_ALREADY_ENABLED) {
        return "redirect:/account";
      }
      throw e;
    }
  }

  @GetMapping("/account/two-factor/setup")
  public String setupPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, "two-factor-setup", request, response, model);
    return setupPage(user, model);
  }

  private String setupPage(CurrentUser user, Model model) {
    return twoFactor.pendingSetup(user).map(setup -> {
      model.addAttribute("setup", setup);
      model.addAttribute("groupedSecret", grouped(setup.secret()));
      return "account/two-factor-setup";
    }).orElse("redirect:/account");
  }

  @PostMapping("/account/two-factor/confirm")
  public String confirm(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      return codesPage(twoFactor.confirm(user, code), "enabled", model);
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.TWO_FACTOR_ALREADY_ENABLED) {
        return "redirect:/account"; // the form sent twice: the first one switched it on
      }
      if (twoFactor.pendingSetup(user).isPresent()) {
        return forms.redirect(request, user, "two-factor-setup", "/account/two-factor/setup",
            FormProblems.fields(), "problem", e);
      }
      return account(user, e, request);
    }
  }

  @PostMapping("/account/two-factor/disable")
  public String disable(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      twoFactor.disable(user, code);
      return "redirect:/account?twoFactorDisabled";
    } catch (OkPayException e) {
      return account(user, e, request);
    }
  }

  @PostMapping("/account/two-factor/recovery-codes")
  public String regenerate(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      return codesPage(twoFactor.regenerateRecoveryCodes(user, code), "renewed", model);
    } catch (OkPayException e) {
      return account(user, e, request);
    }
  }

  /**
   * The recovery codes are shown once, on the answer to the POST that made them, and never
   * stored readable; reached again by GET (a reload, the language switch) the account page says
   * so, and new ones can be made there.
   */
  @GetMapping({"/account/two-factor/confirm", "/account/two-factor/recovery-codes"})
  public String codesShownOnce() {
    return "redirect:/account?codesShownOnce";
  }

  /** The recovery codes, this once; "I saved them" goes back to the account page. */
  private static String codesPage(List<String> codes, String reason, Model model) {
    model.addAttribute("codes", codes);
    model.addAttribute("reason", reason);
    return "account/two-factor-codes";
  }

  private String account(CurrentUser user, OkPayException e, HttpServletRequest request) {
    return forms.redirect(request, user, AccountPagesController.ACCOUNT_DRAFT,
        "/account#two-factor", FormProblems.fields(), "twoFactorProblem", e);
  }

  /** The key in groups of four, as people copy it into an app by hand. */
  static String grouped(String secret) {
    return String.join(" ", secret.split("(?<=\\G.{4})"));
  }

}
