package org.okpay.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.identity.LoginAttempt;
import org.okpay.identity.NewUser;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.SessionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.shared.ReaderZone;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The identity JSON API: register, obtain and revoke API tokens, and the signed-in user's own
 * sessions and login history. Everything under {@code /api/v1/me} is the caller's own data only.
 */
@RestController
@Tag(name = "Identity")
class AuthApiController {

  private final IdentityService identity;
  private final TwoFactorService twoFactor;
  private final PhoneService phones;

  /** Per-IP limits are applied by IdentityService, for these endpoints and the pages alike. */
  AuthApiController(IdentityService identity, TwoFactorService twoFactor, PhoneService phones) {
    this.identity = identity;
    this.twoFactor = twoFactor;
    this.phones = phones;
  }

  record RegisterBody(@NotNull @Size(max = 254) String email,
      @NotNull @Size(max = 1024) String password, @NotNull @Size(max = 80) String displayName,
      @NotNull String language, @NotNull @Size(min = 2, max = 2) String country,
      @NotNull @Size(min = 3, max = 3) String defaultCurrency,
      @Size(max = ReaderZone.ID_LENGTH_MAX) String timeZone) {
  }

  /** {@code totp} or {@code recoveryCode}: the second factor, for users who have one. */
  record TokenBody(@NotNull @Size(max = 254) String email,
      @NotNull @Size(max = 1024) String password,
      @Size(max = SecondFactor.TEXT_MAX) String totp,
      @Size(max = SecondFactor.TEXT_MAX) String recoveryCode) {
  }

  record TokenView(String token, String tokenType, Instant expiresAt) {
  }

  /**
   * @param phone E.164, confirmed or waiting for its code ({@code phoneConfirmed}), or null
   * @param timeZone the IANA zone pages, e-mails and exports use for this user; every timestamp
   *     of the API itself stays ISO-8601 UTC
   */
  record MeView(UUID id, String email, String displayName, String role, String language,
      boolean emailVerified, boolean twoFactorEnabled, boolean frozen, String phone,
      boolean phoneConfirmed, String timeZone) {
  }

  /** A change to the caller's profile; only the time zone can be changed this way. */
  record ProfileChange(@NotNull @Size(max = 64) String timeZone) {
  }

  @PostMapping("/api/v1/auth/register")
  @Operation(summary = "Register; answers 202 whether or not the address already has an account")
  ResponseEntity<Map<String, String>> register(@Valid @RequestBody RegisterBody body,
      HttpServletRequest request) {
    identity.register(new NewUser(body.email(), body.password(), body.displayName(),
        body.language(), body.country(), body.defaultCurrency(), body.timeZone()),
        request.getRemoteAddr());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("status", "check_your_email"));
  }

  @PostMapping("/api/v1/auth/tokens")
  @Operation(summary = "Sign in and get an API token (bearer)", description = """
      A wrong password answers 401 `invalid_credentials`; from the third failure in a row the
      problem also has `attemptsLeft` (tries before the lock) and `warning` (that sentence in the
      reader's language). The lock answers 423 `account_locked` with `lockedUntil` (absent for
      a lock only a password reset lifts), `unlock` and `advice`. An address without an account
      gets the same answers at every attempt.""")
  ResponseEntity<TokenView> token(@Valid @RequestBody TokenBody body, HttpServletRequest request) {
    var signIn = identity.signIn(body.email(), body.password(),
        new SecondFactor(body.totp(), body.recoveryCode()), SessionKind.API,
        request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new TokenView(signIn.token(), "Bearer", signIn.expiresAt()));
  }

  @DeleteMapping("/api/v1/auth/tokens/current")
  @Operation(summary = "Revoke the token this request is made with")
  ResponseEntity<Void> revokeCurrent(@AuthenticationPrincipal CurrentUser user) {
    identity.signOut(user);
    return ResponseEntity.noContent().build();
  }

  record TokenOnlyBody(@NotNull @Size(max = 100) String token) {
  }

  record EmailBody(@NotNull @Size(max = 254) String email) {
  }

  /** {@code totp} or {@code recoveryCode}: needed when the account has two-factor on. */
  record ResetBody(@NotNull @Size(max = 100) String token,
      @NotNull @Size(max = 1024) String newPassword,
      @Size(max = SecondFactor.TEXT_MAX) String totp,
      @Size(max = SecondFactor.TEXT_MAX) String recoveryCode) {
  }

  /** {@code code}: a fresh two-factor code, needed when two-factor is on (step-up). */
  record ChangePasswordBody(@NotNull @Size(max = 1024) String currentPassword,
      @NotNull @Size(max = 1024) String newPassword, @Size(max = 32) String code) {
  }

  @PostMapping("/api/v1/auth/verify-email")
  @Operation(summary = "Confirm an e-mail address with the token from the verification link")
  ResponseEntity<Void> verify(@Valid @RequestBody TokenOnlyBody body) {
    if (!identity.verifyEmail(body.token())) {
      throw new OkPayException(ErrorCode.LINK_EXPIRED);
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/email-verification")
  @Operation(summary = "Send a new verification link")
  ResponseEntity<Void> resend(@AuthenticationPrincipal CurrentUser user) {
    identity.resendVerification(user);
    return ResponseEntity.accepted().build();
  }

  @PostMapping("/api/v1/auth/password-reset")
  @Operation(summary = "E-mail a reset link; answers 202 whether or not the address has an account")
  ResponseEntity<Map<String, String>> requestReset(@Valid @RequestBody EmailBody body,
      HttpServletRequest request) {
    identity.requestPasswordReset(body.email(), request.getRemoteAddr());
    return ResponseEntity.accepted().body(Map.of("status", "check_your_email"));
  }

  @PostMapping("/api/v1/auth/password-reset/confirm")
  @Operation(summary = "Set a new password with the token from the reset link; ends all sessions")
  ResponseEntity<Void> reset(@Valid @RequestBody ResetBody body, HttpServletRequest request) {
    identity.resetPassword(body.token(), body.newPassword(),
        new SecondFactor(body.totp(), body.recoveryCode()), request.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/password")
  @Operation(summary = "Change the password; ends every other session")
  ResponseEntity<Void> changePassword(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody ChangePasswordBody body, HttpServletRequest request) {
    identity.changePassword(user, body.currentPassword(), body.newPassword(), body.code(),
        request.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }

  record ChangeEmailBody(@NotNull @Size(max = 1024) String password,
      @NotNull @Size(max = 254) String newEmail, @Size(max = 32) String code) {
  }

  @PostMapping("/api/v1/me/email")
  @Operation(summary = "Change the e-mail address: a confirmation link goes to the new address")
  ResponseEntity<Map<String, String>> changeEmail(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody ChangeEmailBody body) {
    identity.requestEmailChange(user, body.password(), body.newEmail(), body.code());
    return ResponseEntity.accepted().body(Map.of("status", "check_the_new_inbox"));
  }

  @PostMapping("/api/v1/auth/email-change/confirm")
  @Operation(summary = "Confirm a new e-mail address with the token from its link")
  ResponseEntity<Void> confirmEmailChange(@Valid @RequestBody TokenOnlyBody body) {
    if (!identity.confirmEmailChange(body.token())) {
      throw new OkPayException(ErrorCode.LINK_EXPIRED);
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/compromised")
  @Operation(summary = "My account was hacked: freeze outgoing money, sign out everywhere, "
      + "send a reset link, alert support")
  ResponseEntity<Map<String, String>> compromised(@AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    identity.reportCompromise(user, request.getRemoteAddr());
    return ResponseEntity.accepted().body(Map.of("status", "frozen_and_signed_out"));
  }

  @GetMapping("/api/v1/me")
  MeView me(@AuthenticationPrincipal CurrentUser user) {
    var phone = phones.status(user);
    return new MeView(user.userId(), user.email(), user.displayName(), user.role().dbValue(),
        user.language(), user.emailVerified(), twoFactor.status(user).enabled(),
        identity.frozen(user.userId()), phone.number(), phone.confirmed(),
        ReaderZone.id(user.zone()));
  }

  @PatchMapping("/api/v1/me")
  @Operation(summary = "Change the time zone pages, e-mails and exports use (an IANA id)",
      description = "An id such as `Asia/Shanghai` or `UTC`; anything else is 400 "
          + "`validation_failed` on `timeZone`. The API's own timestamps stay ISO-8601 UTC.")
  MeView changeProfile(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody ProfileChange body) {
    ZoneId zone = identity.changeTimeZone(user, body.timeZone());
    return me(new CurrentUser(user.userId(), user.email(), user.displayName(), user.role(),
        user.language(), user.emailVerified(), user.sessionId(), user.country(), zone));
  }

  @GetMapping("/api/v1/me/sessions")
  List<SessionView> sessions(@AuthenticationPrincipal CurrentUser user) {
    return identity.sessions(user);
  }

  @DeleteMapping("/api/v1/me/sessions/{id}")
  ResponseEntity<Void> revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    identity.revokeSession(user, id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/sessions/revoke-others")
  Map<String, Integer> revokeOthers(@AuthenticationPrincipal CurrentUser user) {
    return Map.of("revoked", identity.revokeOtherSessions(user));
  }

  @GetMapping("/api/v1/me/login-history")
  List<LoginAttempt> history(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "50") int limit) {
    return identity.loginHistory(user, limit);
  }
}
