package org.okpay.identity.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers as people type them, turned into E.164 with Google's libphonenumber (its
 * per-country metadata knows every country's calling code, lengths and mobile ranges, which a
 * hand-made table would get wrong for many of the ~245 regions).
 */
final class PhoneNumbers {

  /** What is stored: '+', a country code not starting with 0, 8 to 15 digits in all. */
  static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  /** Longest text accepted as typed; the longest number with separators fits easily. */
  static final int TYPED_LENGTH_MAX = 40;
  /**
   * Digits (also full-width ones), a leading '+' (or '＋'), spaces, dashes, dots, parentheses.
   * Letters are refused although the library reads "1-800-FLOWERS": nobody's own number.
   */
  private static final Pattern TYPED = Pattern.compile("[+＋]?[\\p{Nd}\\p{Zs}\\s().\\-]+");
  /** Numbers that can belong to a person and take a text message (the code, some day). */
  private static final Set<PhoneNumberType> PERSONAL = Set.of(PhoneNumberType.MOBILE,
      PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.VOIP);
  /** libphonenumber's "no country": only numbers with '+' parse. */
  private static final String UNKNOWN_REGION = "ZZ";
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {
  }

  /** Why a typed number was refused, for the field's message. */
  enum Refusal { FORMAT, NOT_MOBILE }

  /** A typed number for a user's own account: E.164, or why not. */
  sealed interface Parsed {
    record Valid(String e164) implements Parsed {
    }

    record Invalid(Refusal refusal) implements Parsed {
    }
  }

  /**
   * A number the user gives as their own: it must be a valid number of its country, of a kind a
   * person owns and that takes text messages.
   *
   * @param country where a number without '+' is dialled (ISO 3166 alpha-2), or null
   */
  static Parsed own(String typed, String country) {
    Optional<PhoneNumber> number = parse(typed, country);
    if (number.isEmpty() || !UTIL.isValidNumber(number.get())) {
      return new Parsed.Invalid(Refusal.FORMAT);
    }
    String e164 = UTIL.format(number.get(), PhoneNumberFormat.E164);
    if (!E164.matcher(e164).matches()) {
      return new Parsed.Invalid(Refusal.FORMAT);
    }
    return PERSONAL.contains(UTIL.getNumberType(number.get()))
        ? new Parsed.Valid(e164) : new Parsed.Invalid(Refusal.NOT_MOBILE);
  }

  /**
   * A number typed by someone looking for its owner, in E.164: no validity rules here, as only
   * numbers that passed {@link #own} are stored and an exact match decides.
   */
  static Optional<String> lookup(String typed, String country) {
    return parse(typed, country).map(n -> UTIL.format(n, PhoneNumberFormat.E164))
        .filter(e164 -> E164.matcher(e164).matches());
  }

  /** {@code +86 138 0013 8000}: E.164 for people to read. */
  static String display(String e164) {
    if (e164 == null) {
      return null;
    }
    try {
      return UTIL.format(UTIL.parse(e164, UNKNOWN_REGION), PhoneNumberFormat.INTERNATIONAL);
    } catch (NumberParseException e) {
      return e164; // stored numbers always parse; never fail a page over the spacing
    }
  }

  private static Optional<PhoneNumber> parse(String typed, String country) {
    if (typed == null) {
      return Optional.empty();
    }
    String text = typed.strip();
    if (text.isEmpty() || text.length() > TYPED_LENGTH_MAX || !TYPED.matcher(text).matches()) {
      return Optional.empty();
    }
    String region = country == null || country.isBlank() ? UNKNOWN_REGION
        : country.strip().toUpperCase(Locale.ROOT);
    try {
      return Optional.of(UTIL.parse(text, region));
    } catch (NumberParseException e) {
      return Optional.empty(); // no '+' and no known country, too short, too long: not a number
    }
  }
}
