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
  private final AccountPagesController accountPages;

  TwoFactorPagesController(IdentityApi identity, TwoFactorApi twoFactor, FormProblems forms,
      AccountPagesController accountPages) {
    this.identity = identity;
    this.twoFactor = twoFactor;
    this.forms = forms;
    this.accountPages = accountPages;
  }

  /** The second step of a sign-in, after the right password: the challenge rides in the form. */
  static String challengePage(String challenge, String next, Model model) {
    model.addAttribute("challenge", challenge);
    model.addAttribute("next", next);
    return "account/two-factor-challenge";
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
      forms.show("problem", e, request, response, model);
      ErrorCode refusal = e.errorCode();
      if (refusal == ErrorCode.INVALID_SECOND_FACTOR
          || refusal == ErrorCode.SECOND_FACTOR_REQUIRED) {
        return challengePage(challenge, safeNext, model);
      }
      // Expired, used up or locked: the sign-in starts again from the password.
      model.addAttribute("next", safeNext);
      return "account/login";
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
  public String setupPage(@AuthenticationPrincipal CurrentUser user, Model model) {
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
      forms.show("problem", e, request, response, model);
      String page = setupPage(user, model);
      return page.startsWith("redirect:") ? account(user, e, request, response, model) : page;
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
      return account(user, e, request, response, model);
    }
  }

  @PostMapping("/account/two-factor/recovery-codes")
  public String regenerate(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      return codesPage(twoFactor.regenerateRecoveryCodes(user, code), "renewed", model);
    } catch (OkPayException e) {
      return account(user, e, request, response, model);
    }
  }

  /** The recovery codes, this once; "I saved them" goes back to the account page. */
  private static String codesPage(List<String> codes, String reason, Model model) {
    model.addAttribute("codes", codes);
    model.addAttribute("reason", reason);
    return "account/two-factor-codes";
  }

  private String account(CurrentUser user, OkPayException e, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.show("twoFactorProblem", e, request, response, model);
    return accountPages.account(user, model);
  }

  /** The key in groups of four, as people copy it into an app by hand. */
  static String grouped(String secret) {
    return String.join(" ", secret.split("(?<=\\G.{4})"));
  }

}
