package org.okpay.identity;

/**
 * The second factor given with a sign-in, a password reset or a sensitive change: a code from
 * the authenticator app (TOTP), or one of the single-use recovery codes, or neither. Spaces are
 * ignored; a blank value is none.
 */
public record SecondFactor(String totp, String recoveryCode) {

  public static final SecondFactor NONE = new SecondFactor(null, null);

  /** Longest value looked at; anything longer is no code at all. */
  public static final int TEXT_MAX = 40;

  public SecondFactor {
    totp = clean(totp);
    recoveryCode = clean(recoveryCode);
  }

  /**
   * One field that takes either kind, as on the sign-in page: six digits are a TOTP code,
   * anything else is tried as a recovery code.
   */
  public static SecondFactor of(String code) {
    String value = clean(code);
    if (value == null) {
      return NONE;
    }
    return value.matches("[0-9]{6}") ? new SecondFactor(value, null)
        : new SecondFactor(null, value);
  }

  public boolean isEmpty() {
    return totp == null && recoveryCode == null;
  }

  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.replaceAll("\\s+", "");
    if (stripped.isEmpty()) {
      return null;
    }
    // Cut, not refused: one character past the limit still matches no code, and nothing huge
    // travels further.
    return stripped.length() > TEXT_MAX ? stripped.substring(0, TEXT_MAX + 1) : stripped;
  }

  @Override
  public String toString() {
    // Codes are secrets for a few seconds (TOTP) or until used (recovery): never in logs.
    return "SecondFactor[" + (totp != null ? "totp" : recoveryCode != null ? "recovery" : "none")
        + "]";
  }
}
