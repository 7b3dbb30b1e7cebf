package org.okpay.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the help center asks identity: the sign-in lock of a user or of an address, the
 * signed-out "my account was hacked" link, and the anti-phishing phrase. Everything a visitor
 * who is not signed in may ask answers the same way for an address with and without an account.
 */
public interface AccountHelpApi {

  int PHRASE_LENGTH_MIN = 3;
  int PHRASE_LENGTH_MAX = 32;

  /** The sign-in lock of a signed-in user's account (their other devices may be locked out). */
  SignInLock signInLock(UUID userId);

  /**
   * The sign-in lock of an address, for a visitor who cannot sign in: the same answer the login
   * page would give after a wrong password, which is kept for unknown addresses by the same rules
   * (so the answer tells nobody whether the address has an account). Rate limited per IP.
   */
  SignInLock signInLockOf(String email, String ip);

  /**
   * "My account was hacked" while signed out: if the address has an account, a single-use link
   * (valid {@code okpay.help.freeze-link-validity}, 30 minutes) is e-mailed to it; opening it and
   * confirming freezes the account as {@link IdentityApi#reportCompromise} does. Answers at once
   * and the same way for every address (the lookup happens off the request's thread); rate
   * limited per IP ({@code rate_limited}); a malformed address is {@code validation_failed}.
   */
  void requestFreezeLink(String email, String ip);

  /** Whether a freeze link still works (to show its confirmation or say it expired). */
  boolean freezeLinkValid(String token);

  /**
   * Uses a freeze link: freezes the account, ends its sessions and tokens, e-mails a reset link
   * and publishes {@link AccountCompromiseReported}, all in one transaction with the link's use.
   * {@code link_expired} when it is used, expired, superseded or unknown.
   */
  void freezeWithLink(String token, String ip);

  /** The user's anti-phishing phrase, for its owner only; empty when none is set. */
  Optional<String> antiPhishingPhrase(UUID userId);

  /**
   * Sets the phrase: {@value #PHRASE_LENGTH_MIN}..{@value #PHRASE_LENGTH_MAX} characters after
   * trimming, no {@code <} or {@code >} and no control characters ({@code validation_failed} on
   * the field {@code phrase}). Returns the phrase as stored.
   */
  String setAntiPhishingPhrase(CurrentUser user, String phrase);

  /** Removes the phrase; true if there was one. */
  boolean clearAntiPhishingPhrase(CurrentUser user);

  /**
   * @param locked no sign-in is possible right now
   * @param until when a temporary lock ends; null when not locked or locked until a reset
   * @param hard locked until a password reset or support lifts it
   */
  record SignInLock(boolean locked, Instant until, boolean hard) {

    public static final SignInLock NONE = new SignInLock(false, null, false);
  }
}
