package org.okpay.payments.internal.sandbox;

/** The vault's checks on a card number: digits, length, Luhn check digit; and its brand. */
final class CardNumbers {

  static final int DIGITS_MIN = 13;
  static final int DIGITS_MAX = 19;
  /** Longest text looked at, separators included; anything longer is no card number. */
  static final int TEXT_MAX = 40;

  private CardNumbers() {
  }

  /** The digits without the spaces and dashes people type; null when it is no card number. */
  static String digits(String number) {
    if (number == null || number.length() > TEXT_MAX) {
      return null;
    }
    String digits = number.replaceAll("[ -]", "");
    if (digits.length() < DIGITS_MIN || digits.length() > DIGITS_MAX
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || !luhn(digits)) {
      return null;
    }
    return digits;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  static String brand(String digits) {
    int two = Integer.parseInt(digits.substring(0, 2));
    int four = Integer.parseInt(digits.substring(0, 4));
    if (digits.startsWith("4")) {
      return "visa";
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return "mastercard";
    }
    if (two == 34 || two == 37) {
      return "amex";
    }
    if (two == 62) {
      return "unionpay";
    }
    if (two == 35) {
      return "jcb";
    }
    return "card";
  }
}
