package org.okpay.support.internal.mail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the case an e-mail answers: the reference in the subject ("Re: [C-20261207-4F2K] …"),
 * else the plus-address it was sent to ({@code support+C-20261207-4F2K@okpay.example}, the
 * Reply-To of every case e-mail). Mail programs may lower-case addresses; references are upper
 * case.
 */
final class CaseReferences {

  static final Pattern REFERENCE = Pattern.compile("(?i)\\b(C-\\d{8}-[A-Z0-9]{4,8})\\b");
  private static final Pattern PLUS = Pattern.compile("(?i)^[^@+]+\\+(C-\\d{8}-[A-Z0-9]{4,8})@.+$");

  private CaseReferences() {
  }

  static Optional<String> of(String subject, List<String> recipients) {
    if (subject != null) {
      Matcher m = REFERENCE.matcher(subject);
      if (m.find()) {
        return Optional.of(m.group(1).toUpperCase(Locale.ROOT));
      }
    }
    for (String address : recipients) {
      Matcher m = PLUS.matcher(address);
      if (m.matches()) {
        return Optional.of(m.group(1).toUpperCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  /** {@code support@okpay.example} and a reference: {@code support+C-…@okpay.example}. */
  static String replyTo(String supportAddress, String reference) {
    int at = supportAddress.indexOf('@');
    return supportAddress.substring(0, at) + "+" + reference + supportAddress.substring(at);
  }
}
