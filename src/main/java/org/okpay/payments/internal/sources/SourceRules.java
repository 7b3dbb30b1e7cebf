package org.okpay.payments.internal.sources;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.okpay.payments.FundingSourcesApi.CardUpdate;
import org.okpay.payments.FundingSourcesApi.NewBankAccount;
import org.okpay.payments.FundingSourcesApi.NewCard;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;

/**
 * OKPay's own checks on a new card or bank account, field by field so a form can mark each one,
 * before anything reaches the rail. The rail checks the card again, as a real vault does.
 */
final class SourceRules {

  static final int HOLDER_NAME_MAX = 70;
  static final int CARD_TEXT_MAX = 40;
  static final int YEAR_MIN = 2000;
  static final int YEAR_MAX = 2199;
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private SourceRules() {
  }

  /** The number first (its own code), then the other fields together. */
  static void validate(NewCard card) {
    if (!cardNumberValid(card.number())) {
      throw FieldErrors.of("number", FieldErrors.FORMAT).exception(ErrorCode.CARD_NUMBER_INVALID);
    }
    List<Map<String, Object>> errors = expiryAndCvcErrors(card.expiryMonth(),
        card.expiryYear(), card.cvc());
    if (holderName(card.holderName()) == null) {
      errors.add(FieldErrors.error("holderName", FieldErrors.INVALID));
    }
    failOn(errors);
  }

  /** A card's new expiry date and security code, field by field. */
  static void validate(CardUpdate update) {
    failOn(expiryAndCvcErrors(update.expiryMonth(), update.expiryYear(), update.cvc()));
  }

  private static List<Map<String, Object>> expiryAndCvcErrors(int expiryMonth, int expiryYear,
      String cvc) {
    List<Map<String, Object>> errors = new ArrayList<>();
    if (expiryMonth < 1 || expiryMonth > 12) {
      errors.add(FieldErrors.error("expiryMonth", FieldErrors.OUT_OF_RANGE));
    }
    if (expiryYear < YEAR_MIN || expiryYear > YEAR_MAX) {
      errors.add(FieldErrors.error("expiryYear", FieldErrors.OUT_OF_RANGE));
    }
    if (cvc == null || !cvc.matches("[0-9]{3,4}")) {
      errors.add(FieldErrors.error("cvc", FieldErrors.FORMAT));
    }
    return errors;
  }

  /** A card is good through the last day of its expiry month (UTC). */
  static boolean expired(int expiryMonth, int expiryYear, Instant now) {
    return YearMonth.of(expiryYear, expiryMonth)
        .isBefore(YearMonth.from(now.atZone(ZoneOffset.UTC)));
  }

  static void validate(NewBankAccount account) {
    List<Map<String, Object>> errors = new ArrayList<>();
    if (holderName(account.holderName()) == null) {
      errors.add(FieldErrors.error("holderName", FieldErrors.INVALID));
    }
    if (accountNumber(account.accountNumber()) == null) {
      errors.add(FieldErrors.error("accountNumber", FieldErrors.FORMAT));
    }
    if (bankCode(account.bankCode()) == null) {
      errors.add(FieldErrors.error("bankCode", FieldErrors.FORMAT));
    }
    if (country(account.country()) == null) {
      errors.add(FieldErrors.error("country", FieldErrors.UNKNOWN));
    }
    if (account.currency() == null || !SupportedCurrencies.supported(account.currency())) {
      errors.add(FieldErrors.error("currency", FieldErrors.UNKNOWN));
    }
    failOn(errors);
  }

  /** The name stripped, or null when it is empty or longer than 70 characters. */
  static String holderName(String name) {
    if (name == null) {
      return null;
    }
    String stripped = name.strip();
    boolean ok = !stripped.isEmpty() && stripped.codePointCount(0, stripped.length())
        <= HOLDER_NAME_MAX && stripped.codePoints().noneMatch(Character::isISOControl);
    return ok ? stripped : null;
  }

  /** Upper case without spaces, 4 to 34 letters and digits; null otherwise. */
  static String accountNumber(String number) {
    if (number == null || number.length() > 100) {
      return null;
    }
    String clean = number.replace(" ", "").toUpperCase(Locale.ROOT);
    return clean.matches("[A-Z0-9]{4,34}") ? clean : null;
  }

  /** Upper case without spaces and dashes (sort codes are written 20-00-00), up to 20. */
  static String bankCode(String code) {
    if (code == null) {
      return "";
    }
    if (code.length() > 60) {
      return null;
    }
    String clean = code.replaceAll("[ -]", "").toUpperCase(Locale.ROOT);
    return clean.matches("[A-Z0-9]{0,20}") ? clean : null;
  }

  static String country(String country) {
    if (country == null) {
      return null;
    }
    String upper = country.strip().toUpperCase(Locale.ROOT);
    return COUNTRIES.contains(upper) ? upper : null;
  }

  /** "•••• 6789": enough to recognise the account, not enough to use it. */
  static String masked(String accountNumber) {
    return "•••• " + accountNumber.substring(accountNumber.length() - 4);
  }

  private static boolean cardNumberValid(String number) {
    if (number == null || number.length() > CARD_TEXT_MAX) {
      return false;
    }
    String digits = number.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 0 ? d : (d * 2 > 9 ? d * 2 - 9 : d * 2);
    }
    return sum % 10 == 0;
  }

  private static void failOn(List<Map<String, Object>> errors) {
    if (!errors.isEmpty()) {
      throw FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
    }
  }
}
