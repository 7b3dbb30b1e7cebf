package org.okpay.payments.internal;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;

/** The bank account abroad a cross-border transfer goes to, as the user typed it. */
final class RecipientBanks {

  private static final Pattern ACCOUNT = Pattern.compile("[A-Z0-9]{4,34}");
  private static final Pattern BANK_CODE = Pattern.compile("[A-Z0-9]{0,11}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  static final int HOLDER_LENGTH_MAX = 70;

  private RecipientBanks() {
  }

  /** The details cleaned up (spaces out, upper case), in the quote's target currency. */
  static BankAccountDetails require(BankAccountDetails given, Currency currency) {
    if (given == null) {
      throw FieldErrors.invalid("recipient", FieldErrors.REQUIRED);
    }
    String holder = given.holderName() == null ? "" : given.holderName().strip();
    String account = clean(given.accountNumber());
    String bankCode = clean(given.bankCode());
    String country = given.country() == null ? ""
        : given.country().strip().toUpperCase(Locale.ROOT);
    List<Map<String, Object>> errors = new ArrayList<>();
    if (holder.isEmpty() || holder.length() > HOLDER_LENGTH_MAX) {
      errors.add(FieldErrors.error("recipient.holderName", FieldErrors.INVALID));
    }
    if (!ACCOUNT.matcher(account).matches()) {
      errors.add(FieldErrors.error("recipient.accountNumber", FieldErrors.FORMAT));
    }
    if (!BANK_CODE.matcher(bankCode).matches()) {
      errors.add(FieldErrors.error("recipient.bankCode", FieldErrors.FORMAT));
    }
    if (!COUNTRIES.contains(country)) {
      errors.add(FieldErrors.error("recipient.country", FieldErrors.UNKNOWN));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new BankAccountDetails(holder, account, bankCode, country, currency);
  }

  static String masked(String accountNumber) {
    return "•••• " + accountNumber.substring(Math.max(0, accountNumber.length() - 4));
  }

  private static String clean(String value) {
    return value == null ? "" : value.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  private static OkPayException invalid(List<Map<String, Object>> errors) {
    return FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
  }
}
