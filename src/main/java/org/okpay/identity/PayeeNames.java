package org.okpay.identity;

/**
 * How a payer sees the person they are about to pay, before confirming: enough to notice a wrong
 * recipient, not enough to learn a stranger's name from their address. The rule (also in
 * docs/payments-pages.md):
 *
 * <ul>
 *   <li>A name written without spaces (Chinese, Japanese, a single word) hides its first
 *       character: 王小明 → *小明, Alice → *lice; a one-character name is just *.
 *   <li>A name of several words keeps the first word and the initial of each other word:
 *       Bob Lee → Bob L.
 *   <li>The address the payer typed keeps its part before the @ (bob@…); a phone number keeps
 *       its last four digits (•••• 8000).
 * </ul>
 */
public final class PayeeNames {

  private static final int PHONE_DIGITS_SHOWN = 4;

  private PayeeNames() {
  }

  /** e.g. "*小明 (bob@…)". */
  public static String masked(String displayName, String typedAddress) {
    String address = address(typedAddress);
    String name = name(displayName);
    return address.isEmpty() ? name : name + " (" + address + ")";
  }

  static String name(String displayName) {
    String name = displayName == null ? "" : displayName.strip();
    if (name.isEmpty()) {
      return "*";
    }
    String[] words = name.split("\\s+");
    if (words.length == 1) {
      return "*" + name.substring(name.offsetByCodePoints(0, 1));
    }
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(' ').appendCodePoint(words[i].codePointAt(0)).append('.');
    }
    return out.toString();
  }

  static String address(String typed) {
    String text = typed == null ? "" : typed.strip();
    int at = text.indexOf('@');
    if (at > 0) {
      return text.substring(0, at) + "@…";
    }
    String digits = text.replaceAll("[^0-9]", "");
    return digits.length() < PHONE_DIGITS_SHOWN ? ""
        : "•••• " + digits.substring(digits.length() - PHONE_DIGITS_SHOWN);
  }
}
