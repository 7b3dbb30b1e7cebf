package org.okpay.payments;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * The one reader of a money-moving request, shared by the JSON API and the money pages: the same
 * field names, the same checks and the same error codes whoever typed it. Each front end only
 * maps its own input into {@link Fields} (the API's {@code amountMinor}, a page's decimal
 * {@code amount}; a page's "card:{id}" choice into {@code cardId}).
 *
 * <p>A field that cannot be read is a {@code validation_failed} whose {@code errors} entry names
 * the field and a stable {@code code}: {@code required}, {@code format}, {@code too_long},
 * {@code too_precise} (more decimals than the currency has), {@code out_of_range}, {@code unknown}.
 * A currency that is not a known, supported ISO 4217 code is {@code currency_not_supported}.
 * The operation's plan checks the rest (the card exists, the quote is the user's, the bank details
 * are well formed).
 */
public final class PaymentInputs {

  /** Longer texts than these are never a real e-mail address, name or account number. */
  public static final int TEXT_LENGTH_MAX = 254;
  public static final int NOTE_LENGTH_MAX = 140;
  /** The same bound the plan checks (payments' Planner): about 100 billion in a 2-decimal unit. */
  public static final long AMOUNT_MAX_MINOR = 10_000_000_000_000L;
  private static final int AMOUNT_TEXT_LENGTH_MAX = 24;
  /** Digits with at most one decimal point; a sign so that "-5" is out of range, not gibberish. */
  private static final Pattern DECIMAL = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private PaymentInputs() {
  }

  /**
   * Every operation's fields, as text; each operation reads the ones it needs, null when not
   * given. Exactly one of {@code amountMinor} (whole minor units, the API) and {@code amount}
   * (major units such as "12.50", the pages) carries the amount; errors name the one given.
   *
   * @param cardId top-up by card
   * @param bankAccountId top-up by bank (when no card is named) and withdrawal
   * @param recipient payment to another user: their e-mail address or phone number
   * @param bank transfer abroad: the recipient's bank account, fields {@code recipient.*}
   */
  public record Fields(String cardId, String bankAccountId, String amountMinor, String amount,
      String currency, String recipient, String note, String quoteId, Bank bank) {
  }

  /** A bank account abroad; {@code currency} is the quote's target, when the form knows it. */
  public record Bank(String holderName, String accountNumber, String bankCode, String country,
      String currency) {
  }

  /** The currency of one of the user's bank accounts, if it is theirs. */
  public interface BankCurrencies extends Function<UUID, Optional<Currency>> {
  }

  /** A top-up: from the card when one is named, else from the bank account. */
  public static PaymentRequest topUp(Fields f, BankCurrencies banks) {
    if (blank(f.cardId()) && blank(f.bankAccountId())) {
      throw invalid("cardId", "required");
    }
    if (!blank(f.cardId())) {
      Currency currency = supportedCurrency(f.currency(), "currency");
      return new PaymentRequest.CardTopUp(id(f.cardId(), "cardId"), amountMinor(f, currency),
          currency);
    }
    UUID bankAccountId = id(f.bankAccountId(), "bankAccountId");
    return new PaymentRequest.BankTopUp(bankAccountId,
        amountMinor(f, bankCurrency(bankAccountId, f, banks)));
  }

  public static PaymentRequest withdrawal(Fields f, BankCurrencies banks) {
    UUID bankAccountId = id(f.bankAccountId(), "bankAccountId");
    return new PaymentRequest.Withdrawal(bankAccountId,
        amountMinor(f, bankCurrency(bankAccountId, f, banks)));
  }

  public static PaymentRequest send(Fields f) {
    String recipient = text(f.recipient(), "recipient", TEXT_LENGTH_MAX);
    Currency currency = supportedCurrency(f.currency(), "currency");
    return new PaymentRequest.Send(recipient, amountMinor(f, currency), currency, note(f.note()));
  }

  public static PaymentRequest conversion(Fields f) {
    return new PaymentRequest.Convert(id(f.quoteId(), "quoteId"));
  }

  public static PaymentRequest crossBorder(Fields f) {
    return new PaymentRequest.CrossBorder(id(f.quoteId(), "quoteId"), bankDetails(f.bank()));
  }

  /**
   * The recipient's bank as typed, tidied: spaces out of the account number, codes in capitals.
   * Whether the account number, bank code and country are valid is the plan's check.
   */
  public static BankAccountDetails bankDetails(Bank bank) {
    if (bank == null) {
      throw invalid("recipient", "required");
    }
    String holder = text(bank.holderName(), "recipient.holderName", TEXT_LENGTH_MAX);
    String account = text(bank.accountNumber(), "recipient.accountNumber", TEXT_LENGTH_MAX)
        .replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    String bankCode = bank.bankCode() == null ? "" : bank.bankCode().strip();
    if (bankCode.length() > TEXT_LENGTH_MAX) {
      throw invalid("recipient.bankCode", "too_long");
    }
    String country = text(bank.country(), "recipient.country", TEXT_LENGTH_MAX)
        .toUpperCase(Locale.ROOT);
    Currency currency = blank(bank.currency()) ? null : currency(bank.currency(), "to");
    return new BankAccountDetails(holder, account, bankCode, country, currency);
  }

  private static long amountMinor(Fields f, Currency currency) {
    return f.amountMinor() != null || f.amount() == null
        ? amountMinor(f.amountMinor())
        : amountMinor(f.amount(), currency);
  }

  /** Whole minor units as the API sends them: 1250 is 12.50 USD. */
  public static long amountMinor(String minorUnits) {
    String typed = minorUnits == null ? "" : minorUnits.strip();
    if (typed.isEmpty()) {
      throw invalid("amountMinor", "required");
    }
    try {
      return inRange(Long.parseLong(typed), "amountMinor");
    } catch (NumberFormatException notAWholeNumber) {
      throw invalid("amountMinor", "format");
    }
  }

  /**
   * An amount typed in major units, exactly in minor units of {@code currency}: "12.50" USD is
   * 1250, "1,000" JPY is 1000, "12.345" USD is refused ({@code too_precise}), never rounded.
   */
  public static long amountMinor(String decimal, Currency currency) {
    String typed = decimal == null ? "" : decimal.strip().replace(",", "");
    if (typed.isEmpty()) {
      throw invalid("amount", "required");
    }
    if (typed.length() > AMOUNT_TEXT_LENGTH_MAX || !DECIMAL.matcher(typed).matches()) {
      throw invalid("amount", "format");
    }
    BigDecimal major = new BigDecimal(typed);
    int exponent = Math.max(currency.getDefaultFractionDigits(), 0);
    if (major.stripTrailingZeros().scale() > exponent) {
      throw invalid("amount", "too_precise");
    }
    BigDecimal minor = major.movePointRight(exponent);
    if (minor.signum() <= 0 || minor.compareTo(BigDecimal.valueOf(AMOUNT_MAX_MINOR)) > 0) {
      throw invalid("amount", "out_of_range");
    }
    return minor.longValueExact();
  }

  private static long inRange(long amountMinor, String field) {
    if (amountMinor <= 0 || amountMinor > AMOUNT_MAX_MINOR) {
      throw invalid(field, "out_of_range");
    }
    return amountMinor;
  }

  /** A decimal amount of a bank operation is in the bank account's currency. */
  private static Currency bankCurrency(UUID bankAccountId, Fields f, BankCurrencies banks) {
    if (f.amountMinor() != null || f.amount() == null) {
      return null; // minor units need no currency to be read
    }
    return banks.apply(bankAccountId).orElseThrow(() -> refusal(
        ErrorCode.BANK_ACCOUNT_NOT_FOUND, "money", "bankAccountId", "unknown"));
  }

  /** A currency OKPay holds balances in; "usd" is USD. */
  public static Currency supportedCurrency(String code, String field) {
    Currency currency = currency(code, field);
    if (!SupportedCurrencies.supported(currency)) {
      throw refusal(ErrorCode.CURRENCY_NOT_SUPPORTED, "money", field, "unknown");
    }
    return currency;
  }

  /** Any ISO 4217 currency; "usd" is USD. Unknown codes are {@code currency_not_supported}. */
  public static Currency currency(String code, String field) {
    if (blank(code)) {
      throw invalid(field, "required");
    }
    String typed = code.strip().toUpperCase(Locale.ROOT);
    if (!CURRENCY.matcher(typed).matches()) {
      throw refusal(ErrorCode.CURRENCY_NOT_SUPPORTED, "money", field, "format");
    }
    try {
      return Currency.getInstance(typed);
    } catch (IllegalArgumentException unknown) {
      throw refusal(ErrorCode.CURRENCY_NOT_SUPPORTED, "money", field, "unknown");
    }
  }

  public static UUID id(String text, String field) {
    String typed = text(text, field, TEXT_LENGTH_MAX);
    try {
      return UUID.fromString(typed);
    } catch (IllegalArgumentException notAnId) {
      throw invalid(field, "format");
    }
  }

  /** Stripped; blank is "no note". */
  public static String note(String note) {
    if (blank(note)) {
      return null;
    }
    if (note.strip().length() > NOTE_LENGTH_MAX) {
      throw invalid("note", "too_long");
    }
    return note.strip();
  }

  private static String text(String value, String field, int lengthMax) {
    if (blank(value)) {
      throw invalid(field, "required");
    }
    if (value.strip().length() > lengthMax) {
      throw invalid(field, "too_long");
    }
    return value.strip();
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** A {@code validation_failed} naming a field of a money form or body. */
  public static OkPayException invalid(String field, String code) {
    return refusal(ErrorCode.VALIDATION_FAILED, "money", field, code);
  }

  /**
   * The one place these readers (and {@link HistoryFilters}) build an error, in the shared shape
   * {@code errors: [{field, code, message}]} ({@link FieldErrors}), with the field alone at the
   * top as well for the codes that always had it. The message is looked up as
   * {@code <input>.invalid.<field>.<code>}, then {@code <input>.invalid.<field>}, then
   * {@code input.invalid.<code>}, then the shared {@code field.error.<code>}.
   */
  static OkPayException refusal(ErrorCode error, String input, String field, String code) {
    DefaultMessageSourceResolvable message = new DefaultMessageSourceResolvable(new String[] {
        input + ".invalid." + field + "." + code, input + ".invalid." + field,
        "input.invalid." + code, "field.error." + code}, code);
    FieldErrors errors = new FieldErrors().add(field, code, message);
    if (error == ErrorCode.VALIDATION_FAILED) {
      return errors.exception();
    }
    Map<String, Object> properties = new LinkedHashMap<>(errors.properties());
    properties.put("field", field);
    return new OkPayException(error, properties);
  }

}
