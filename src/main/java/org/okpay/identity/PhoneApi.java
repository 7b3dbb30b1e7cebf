package org.okpay.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * The signed-in user's own phone number: set it, confirm it with a code, remove it. Others can
 * pay to a number only once it is confirmed ({@link IdentityApi#payableUser(String, String)}).
 *
 * <p>OKPay has no SMS gateway of its own: the code goes through {@link PhoneCodeSender}, by
 * default an e-mail to the user's confirmed address. Until an operator plugs in an SMS gateway a
 * confirmed number proves that the account holder chose it, not that they hold the phone.
 */
public interface PhoneApi {

  /** How long a code works. */
  Duration CODE_VALIDITY = Duration.ofMinutes(10);

  /** Wrong codes after which a code is dead. */
  int CODE_TRIES_MAX = 5;

  /** Codes one user may ask for per hour (each one is a message to send). */
  int CODES_PER_HOUR_MAX = 5;

  /** The user's number and whether it is confirmed. */
  PhoneStatus status(CurrentUser user);

  /**
   * Sets (or changes) the number and sends a code to confirm it; a confirmed number it replaces
   * stops being payable at once. {@code phone_invalid} (field {@code phone}) for text that is
   * not a mobile number; {@code email_not_verified} when there is no confirmed address to send
   * the code to; {@code rate_limited} past {@link #CODES_PER_HOUR_MAX}. A number another user has
   * confirmed is answered exactly like a free one, but no code is sent, so the answer cannot be
   * used to learn whose number is on OKPay.
   *
   * @param typed as the user typed it: with {@code +} and the country code, or as dialled in the
   *     user's country; spaces, dashes, dots and parentheses allowed
   */
  SetPhone setPhone(CurrentUser user, String typed);

  /**
   * Confirms the number with the code sent for it: {@code phone_code_wrong} (with
   * {@code triesLeft}); {@code phone_code_expired} when there is no live code (expired, used,
   * {@link #CODE_TRIES_MAX} wrong tries, or never sent); {@code phone_taken} when another user
   * confirmed the same number first.
   */
  PhoneStatus confirmPhone(CurrentUser user, String code);

  /** Removes the number (and any pending code); it is no longer payable. */
  void removePhone(CurrentUser user);

  /**
   * @param number E.164 ({@code +8613800138000}), null when the user has none
   * @param display the same for people to read ({@code +86 138 0013 8000})
   * @param codeExpiresAt when the pending code dies; null when none is live
   */
  record PhoneStatus(String number, String display, boolean confirmed, Instant codeExpiresAt) {

    public static final PhoneStatus NONE = new PhoneStatus(null, null, false, null);
  }

  /** What {@link #setPhone} did. */
  enum SetPhone {
    /** A code is on its way (or, for a number taken by another user, appears to be). */
    CODE_SENT,
    /** The user had confirmed this very number already: nothing to do. */
    ALREADY_CONFIRMED
  }
}
