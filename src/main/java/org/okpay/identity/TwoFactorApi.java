package org.okpay.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Two-factor authentication with an authenticator app (TOTP, RFC 6238) and single-use recovery
 * codes: setting it up, switching it off, and the step-up check that sensitive actions make.
 * Sign-in with a second factor is part of {@link IdentityApi}.
 *
 * <p>Wherever a {@code code} is taken, it is either six digits from the app or a recovery code.
 * A TOTP code is good once: after it is accepted, neither it nor an older one is accepted again.
 */
public interface TwoFactorApi {

  /** How many recovery codes a user gets, each good once. */
  int RECOVERY_CODES = 10;

  TwoFactorStatus status(CurrentUser user);

  /**
   * Starts setting up: a new secret, pending until {@link #confirm} (a pending one started
   * earlier is replaced). Refused with {@code two_factor_already_enabled} when it is on.
   */
  TwoFactorSetup start(CurrentUser user);

  /** The pending setup again (to redraw the page after a mistyped code), while it is live. */
  Optional<TwoFactorSetup> pendingSetup(CurrentUser user);

  /**
   * Switches two-factor authentication on with a first code from the app, and returns the
   * recovery codes, which are shown this once and stored only hashed. E-mails the user. Refused
   * with {@code invalid_second_factor} for a wrong code, {@code two_factor_setup_not_started}
   * when nothing is pending (or the setup expired).
   */
  List<String> confirm(CurrentUser user, String code);

  /** Switches it off; needs a fresh code (app or recovery). E-mails the user. */
  void disable(CurrentUser user, String code);

  /** Replaces every recovery code with new ones; needs a fresh code (app or recovery). */
  List<String> regenerateRecoveryCodes(CurrentUser user, String code);

  /**
   * Step-up for sensitive actions (large payments, payout bank accounts, a new e-mail address):
   * passes when {@code code} is a fresh second factor of this user, and also passes when the
   * user has no two-factor authentication (they have nothing more to give; actions that want
   * more, like a password change, ask for the current password themselves).
   *
   * <p>Throws {@code second_factor_required} when no code is given, {@code invalid_second_factor}
   * for a wrong or already used one, {@code account_locked} while the account is locked. A wrong
   * code counts toward the same lockout as a wrong password, so a stolen session cannot guess
   * codes. The check commits in its own transaction (the failure stays counted even when the
   * caller's transaction rolls back), so call it before the action, not inside a transaction
   * that locks identity's rows.
   */
  void requireFreshSecondFactor(CurrentUser user, String code);

  /** Whether a password-reset link belongs to a user who must also give a second factor. */
  boolean resetNeedsSecondFactor(String resetToken);

  /** @param recoveryCodesLeft unused recovery codes (0 when off) */
  record TwoFactorStatus(boolean enabled, Instant enabledAt, int recoveryCodesLeft) {
  }

  /**
   * What an authenticator app needs: the secret in base32 (to type it in), the otpauth URI and
   * the same URI as a QR code (an SVG data URI). Shown only while the setup is pending.
   */
  record TwoFactorSetup(String secret, String otpauthUri, String qrCode, Instant expiresAt) {
  }
}
