package org.okpay.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.TwoFactorApi.TwoFactorSetup;
import org.okpay.identity.TwoFactorApi.TwoFactorStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's own two-factor authentication. Switching it off and new recovery codes
 * need a fresh code in the same request ({@code code}: six digits from the app, or a recovery
 * code); sign-in with a second factor is {@code POST /api/v1/auth/tokens} with {@code totp} or
 * {@code recoveryCode}.
 */
@RestController
@Tag(name = "Identity")
class TwoFactorApiController {

  private final TwoFactorService twoFactor;

  TwoFactorApiController(TwoFactorService twoFactor) {
    this.twoFactor = twoFactor;
  }

  record CodeBody(@NotNull @Size(max = SecondFactor.TEXT_MAX) String code) {
  }

  record RecoveryCodesView(List<String> recoveryCodes) {
  }

  @GetMapping("/api/v1/me/two-factor")
  @Operation(summary = "Whether two-factor sign-in is on, and how many recovery codes are left")
  TwoFactorStatus status(@AuthenticationPrincipal CurrentUser user) {
    return twoFactor.status(user);
  }

  @PostMapping("/api/v1/me/two-factor")
  @Operation(summary = "Start setting up an authenticator app: secret, otpauth URI, QR code")
  ResponseEntity<TwoFactorSetup> start(@AuthenticationPrincipal CurrentUser user) {
    return ResponseEntity.status(HttpStatus.CREATED).body(twoFactor.start(user));
  }

  @PostMapping("/api/v1/me/two-factor/confirm")
  @Operation(summary = "Switch two-factor on with a first code; returns the recovery codes, once")
  RecoveryCodesView confirm(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody CodeBody body) {
    return new RecoveryCodesView(twoFactor.confirm(user, body.code()));
  }

  @DeleteMapping("/api/v1/me/two-factor")
  @Operation(summary = "Switch two-factor off; needs a fresh code")
  ResponseEntity<Void> disable(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody CodeBody body) {
    twoFactor.disable(user, body.code());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/two-factor/recovery-codes")
  @Operation(summary = "Replace every recovery code with new ones; needs a fresh code")
  RecoveryCodesView regenerate(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody CodeBody body) {
    return new RecoveryCodesView(twoFactor.regenerateRecoveryCodes(user, body.code()));
  }
}
