package org.okpay.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.okpay.identity.NewUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;

/** The shape of a registration, checked field by field so a form can mark each one. */
final class RegistrationRules {

  static final Set<String> LANGUAGES = Set.of("en", "zh-CN");
  static final int NAME_LENGTH_MAX = 80;
  static final int EMAIL_LENGTH_MAX = 254;
  // Deliberately simple: something@domain.tld without spaces. The verification link proves it.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private RegistrationRules() {
  }

  /** Whether a normalized address ({@link #email}) has the shape of one. */
  static boolean wellFormed(String email) {
    return email.length() <= EMAIL_LENGTH_MAX && EMAIL.matcher(email).matches();
  }

  static String email(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  static void validate(NewUser user) {
    List<Map<String, Object>> errors = new ArrayList<>();
    String email = email(user.email());
    if (email.length() > EMAIL_LENGTH_MAX || !EMAIL.matcher(email).matches()) {
      errors.add(FieldErrors.error("email", FieldErrors.FORMAT));
    }
    String name = user.displayName() == null ? "" : user.displayName().strip();
    if (name.isEmpty() || name.length() > NAME_LENGTH_MAX) {
      errors.add(FieldErrors.error("displayName",
          name.isEmpty() ? FieldErrors.REQUIRED : FieldErrors.TOO_LONG));
    }
    if (user.language() == null || !LANGUAGES.contains(user.language())) {
      errors.add(FieldErrors.error("language", FieldErrors.UNKNOWN));
    }
    if (user.country() == null || !COUNTRIES.contains(user.country())) {
      errors.add(FieldErrors.error("country", FieldErrors.UNKNOWN));
    }
    if (!IdentityService.isCurrency(user.defaultCurrency())) {
      errors.add(FieldErrors.error("defaultCurrency", FieldErrors.UNKNOWN));
    }
    if (!errors.isEmpty()) {
      throw FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
    }
  }
}
