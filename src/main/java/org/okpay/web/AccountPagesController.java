package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.NewUser;
import org.okpay.identity.PhoneApi;
import org.okpay.notify.NotifyApi;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.TwoFactorApi;
import org.okpay.shared.LocalTimes;
import org.okpay.shared.OkPayException;
import org.okpay.shared.ReaderZone;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in, registration, sign-out and the "my account" page with sessions and login history.
 * Errors are shown on the form, in the reader's language, with the same codes as the API.
 */
@Controller
public class AccountPagesController {

  private static final int HISTORY_LINES = 20;
  /** The drafts of the account page's forms (e-mail, password, phone, two-factor). */
  static final String ACCOUNT_DRAFT = "account";

  private final IdentityApi identity;
  private final FormProblems forms;
  private final NotifyApi notify;
  private final TwoFactorApi twoFactor;
  private final StatusApi status;
  private final MessageSource messages;
  private final PhoneApi phones;

  AccountPagesController(IdentityApi identity, FormProblems forms, NotifyApi notify,
      TwoFactorApi twoFactor, StatusApi status, MessageSource messages, PhoneApi phones) {
    this.identity = identity;
    this.forms = forms;
    this.notify = notify;
    this.twoFactor = twoFactor;
    this.status = status;
    this.messages = messages;
    this.phones = phones;
  }

  /** The sign-in form; {@code ?draft=} shows a refused sign-in again (the address, never the password). */
  @GetMapping("/login")
  public String loginPage(@RequestParam(required = false) String next,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    model.addAttribute("next", safeNext(next));
    forms.restore(null, draft, "login", request, response, model).ifPresent(d -> {
      model.addAttribute("email", d.field("email"));
      model.addAttribute("next", safeNext(d.field("next")));
    });
    return "account/login";
  }

  /**
   * The login page warns before anyone types a password: maintenance in force, or open
   * incidents affecting sign-in (the status module's view, in the reader's language).
   */
  @ModelAttribute("loginNotice")
  String loginNotice(HttpServletRequest request) {
    if (!request.getRequestURI().equals("/login")) {
      return null;
    }
    Locale locale = LocaleContextHolder.getLocale();
    return status.maintenanceNow(StatusComponent.LOGIN)
        .map(m -> messages.getMessage("login.maintenanceLocal",
            new Object[] {LocalTimes.at(m.endsAt(), ReaderZone.current(), locale)}, locale))
        .or(() -> status.incidentsAffecting(StatusComponent.LOGIN).stream().findFirst()
            .map(i -> messages.getMessage("login.incident", new Object[] {i.title()}, locale)))
        .orElse(null);
  }

  @PostMapping("/login")
  public String login(@RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(required = false) String next, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      IdentityApi.PasswordChecked checked = identity.startWebSignIn(email, password,
          request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
      if (checked instanceof IdentityApi.PasswordChecked.SecondFactorNeeded needed) {
        return forms.redirect(request, null, TwoFactorPagesController.CHALLENGE_DRAFT,
            "/login/two-factor",
            FormProblems.fields("challenge", needed.challenge(), "next", safeNext(next)));
      }
      IdentityApi.SignIn signIn = ((IdentityApi.PasswordChecked.SignedIn) checked).signIn();
      setSessionCookie(request, response, signIn.token(),
          Duration.between(Instant.now(), signIn.expiresAt()));
      return "redirect:" + safeNext(next);
    } catch (OkPayException e) {
      return forms.redirect(request, null, "login", "/login",
          FormProblems.fields("email", email, "next", safeNext(next)), "problem", e);
    }
  }

  @PostMapping("/logout")
  public String logout(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request,
      HttpServletResponse response) {
    if (user != null) {
      identity.signOut(user);
    }
    setSessionCookie(request, response, "", Duration.ZERO);
    return "redirect:/login?signedOut";
  }

  @GetMapping("/register")
  public String registerPage(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    model.addAttribute("form", forms.restore(null, draft, "register", request, response, model)
        .map(d -> new NewUser(d.field("email"), "", d.field("displayName"), d.field("language"),
            d.field("country"), d.field("defaultCurrency"), d.field("timeZone")))
        .orElseGet(() -> new NewUser("", "", "", languageOfPage(), "CN", "CNY")));
    return "account/register";
  }

  @PostMapping("/register")
  public String register(NewUser form, HttpServletRequest request) {
    try {
      identity.register(form, request.getRemoteAddr());
      return forms.redirect(request, null, "registered", "/register/sent",
          FormProblems.fields("email", form.email()));
    } catch (OkPayException e) {
      return forms.redirect(request, null, "register", "/register",
          FormProblems.fields("email", form.email(), "displayName", form.displayName(),
              "language", form.language(), "country", form.country(),
              "defaultCurrency", form.defaultCurrency(),
              "timeZone", form.timeZone()), "problem", e);
    }
  }

  /** "Check your e-mail" after registering, a page of its own so a reload sends nothing again. */
  @GetMapping("/register/sent")
  public String registered(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return forms.restore(null, draft, "registered", request, response, model).map(d -> {
      model.addAttribute("email", d.field("email"));
      return "account/registered";
    }).orElse("redirect:/register");
  }

  /** The strength meter, refreshed by htmx while the password is typed. */
  @PostMapping("/register/strength")
  public String strength(@RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String displayName, Model model) {
    model.addAttribute("strength", identity.passwordStrength(password, email, displayName));
    model.addAttribute("empty", password.isEmpty());
    return "account/register :: meter";
  }

  /**
   * The account page; {@code ?draft=} shows a refused form of it again (its refusal on its own
   * card, the new address or phone number typed, never a password or a code).
   */
  @GetMapping("/account")
  public String accountPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, ACCOUNT_DRAFT, request, response, model).ifPresent(d -> {
      model.addAttribute("typedEmail", d.field("newEmail"));
      model.addAttribute("typedPhone", d.field("typedPhone"));
    });
    return account(user, model);
  }

  String account(CurrentUser user, Model model) {
    model.addAttribute("user", user);
    model.addAttribute("sessions", identity.sessions(user));
    model.addAttribute("history", identity.loginHistory(user, HISTORY_LINES));
    model.addAttribute("twoFactor", twoFactor.status(user));
    model.addAttribute("phone", phones.status(user));
    return "account/account";
  }

  @PostMapping("/account/sessions/{id}/revoke")
  public String revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    identity.revokeSession(user, id);
    return "redirect:/account?revoked";
  }

  @PostMapping("/account/sessions/revoke-others")
  public String revokeOthers(@AuthenticationPrincipal CurrentUser user) {
    identity.revokeOtherSessions(user);
    return "redirect:/account?revoked";
  }

  @GetMapping("/verify-email")
  public String verifyEmail(@RequestParam(defaultValue = "") String token, Model model) {
    model.addAttribute("verified", identity.verifyEmail(token));
    return "account/verified";
  }

  @PostMapping("/account/verify-email/resend")
  public String resendVerification(@AuthenticationPrincipal CurrentUser user) {
    identity.resendVerification(user);
    return "redirect:/account?verificationSent";
  }

  @PostMapping("/account/email")
  public String changeEmail(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String newEmail,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      identity.requestEmailChange(user, password, newEmail, code);
      return "redirect:/account?emailChangeSent";
    } catch (OkPayException e) {
      return forms.redirect(request, user, ACCOUNT_DRAFT, "/account#email-form",
          FormProblems.fields("newEmail", newEmail), "emailProblem", e);
    }
  }

  @GetMapping("/confirm-email-change")
  public String confirmEmailChange(@RequestParam(defaultValue = "") String token, Model model) {
    model.addAttribute("verified", identity.confirmEmailChange(token));
    return "account/verified";
  }

  @GetMapping("/forgot-password")
  public String forgotPage(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    forms.restore(null, draft, "forgot", request, response, model)
        .ifPresent(d -> model.addAttribute("email", d.field("email")));
    return "account/forgot";
  }

  @PostMapping("/forgot-password")
  public String forgot(@RequestParam(defaultValue = "") String email,
      HttpServletRequest request) {
    try {
      identity.requestPasswordReset(email, request.getRemoteAddr());
      return forms.redirect(request, null, "forgot-sent", "/forgot-password/sent",
          FormProblems.fields("email", email));
    } catch (OkPayException e) {
      return forms.redirect(request, null, "forgot", "/forgot-password",
          FormProblems.fields("email", email), "problem", e);
    }
  }

  @GetMapping("/forgot-password/sent")
  public String forgotSent(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return forms.restore(null, draft, "forgot-sent", request, response, model).map(d -> {
      model.addAttribute("email", d.field("email"));
      return "account/forgot-sent";
    }).orElse("redirect:/forgot-password");
  }

  @GetMapping("/reset-password")
  public String resetPage(@RequestParam(defaultValue = "") String token,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(null, draft, "reset", request, response, model);
    return resetPage(token, model);
  }

  private String resetPage(String token, Model model) {
    model.addAttribute("token", token);
    model.addAttribute("valid", identity.resetLinkValid(token));
    model.addAttribute("needsSecondFactor", twoFactor.resetNeedsSecondFactor(token));
    return "account/reset";
  }

  @PostMapping("/reset-password")
  public String reset(@RequestParam(defaultValue = "") String token,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      identity.resetPassword(token, password, SecondFactor.of(code), request.getRemoteAddr());
      return "redirect:/login?reset";
    } catch (OkPayException e) {
      return forms.redirect(request, null, "reset", "/reset-password?token="
          + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8),
          FormProblems.fields(), "problem", e);
    }
  }

  @PostMapping("/account/password")
  public String changePassword(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String currentPassword,
      @RequestParam(defaultValue = "") String newPassword,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      identity.changePassword(user, currentPassword, newPassword, code, request.getRemoteAddr());
      return "redirect:/account?passwordChanged";
    } catch (OkPayException e) {
      return forms.redirect(request, user, ACCOUNT_DRAFT, "/account#password-form",
          FormProblems.fields(), "passwordProblem", e);
    }
  }

  @PostMapping("/account/compromised")
  public String compromised(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    identity.reportCompromise(user, request.getRemoteAddr());
    setSessionCookie(request, response, "", Duration.ZERO); // every session just ended
    // Signed out from here on: the result page is a draft of nobody, found by its random id.
    return forms.redirect(request, null, "compromised", "/compromised",
        FormProblems.fields("email", user.email()));
  }

  /** What happens now after "my account was hacked"; reload and language switch keep it. */
  @GetMapping("/compromised")
  public String compromisedPage(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return forms.restore(null, draft, "compromised", request, response, model).map(d -> {
      model.addAttribute("email", d.field("email"));
      return "account/compromised";
    }).orElse("redirect:/login");
  }

  @GetMapping("/account/notifications")
  public String notifications(@AuthenticationPrincipal CurrentUser user, Model model) {
    model.addAttribute("notifications",
        notify.notifications(user.userId().toString(), NotifyApi.NOTIFICATIONS_LIMIT_MAX));
    return "account/notifications";
  }

  @PostMapping("/account/notifications/read-all")
  public String readAll(@AuthenticationPrincipal CurrentUser user) {
    notify.markAllRead(user.userId().toString());
    return "redirect:/account/notifications";
  }

  /** Session cookie: HttpOnly, SameSite=Lax, Secure whenever the request came over TLS. */
  static void setSessionCookie(HttpServletRequest request, HttpServletResponse response,
      String value, Duration maxAge) {
    ResponseCookie cookie = ResponseCookie.from(IdentityApi.SESSION_COOKIE, value)
        .httpOnly(true).secure(request.isSecure()).sameSite("Lax").path("/")
        .maxAge(maxAge).build();
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
  }

  /** Only a path on this site: no scheme, no host, no "//evil.example". */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
        || next.length() > 512) {
      return "/account";
    }
    return next;
  }

  private static String languageOfPage() {
    return LocaleContextHolder.getLocale().getLanguage().equals("zh") ? "zh-CN" : "en";
  }
}
