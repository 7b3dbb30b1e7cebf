package org.okpay.web;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.FxApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRequest;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;

/**
 * Reads a money form into the {@link PaymentRequest} it asks for. Amounts are typed in major units
 * and become minor units of their currency exactly (no rounding: "0.001 USD" is refused). A field
 * that cannot be read is a {@code validation_failed} naming it, shown on the form.
 */
@Component
class PaymentRequests {

  /** Longer texts than these are never a real e-mail address, name or account number. */
  private static final int TEXT_LENGTH_MAX = 254;
  private static final int AMOUNT_LENGTH_MAX = 24;

  private final FundingSourcesApi funding;
  private final FxApi fx;

  PaymentRequests(FundingSourcesApi funding, FxApi fx) {
    this.funding = funding;
    this.fx = fx;
  }

  /** The request of a filled form; conversions and transfers abroad need the review's quote. */
  PaymentRequest of(CurrentUser user, MoneyForm kind, PaymentForm form) {
    return switch (kind) {
      case TOP_UP -> topUp(user, form);
      case SEND -> {
        Currency currency = currency(form.currency(), "currency");
        yield new PaymentRequest.Send(text(form.recipient(), "recipient"),
            minor(form.amount(), currency), currency, note(form.note()));
      }
      case WITHDRAW -> {
        BankAccount account = bankAccount(user, form.bankAccountId(), "bankAccountId");
        yield new PaymentRequest.Withdrawal(account.id(), minor(form.amount(), account.currency()));
      }
      case CONVERT -> new PaymentRequest.Convert(uuid(form.quoteId(), "quoteId"));
      case ABROAD -> new PaymentRequest.CrossBorder(uuid(form.quoteId(), "quoteId"),
          bankDetails(form));
    };
  }

  /** A new quote for a conversion or a transfer abroad; null for the other operations. */
  FxApi.Quote quote(CurrentUser user, MoneyForm kind, PaymentForm form) {
    if (kind != MoneyForm.CONVERT && kind != MoneyForm.ABROAD) {
      return null;
    }
    Currency source = currency(form.from(), "from");
    Currency target = currency(form.to(), "to");
    if (kind == MoneyForm.CONVERT) {
      return fx.quote(user.userId(), Operation.CONVERT, source, target,
          minor(form.amount(), source), 0);
    }
    bankDetails(form); // refuse bad bank details before a quote is made for them
    boolean theyReceive = "receive".equals(form.side());
    return fx.quote(user.userId(), Operation.CROSS_BORDER, source, target,
        theyReceive ? 0 : minor(form.amount(), source),
        theyReceive ? minor(form.amount(), target) : 0);
  }

  private PaymentRequest topUp(CurrentUser user, PaymentForm form) {
    String source = form.source() == null ? "" : form.source();
    if (source.startsWith("card:")) {
      UUID cardId = uuid(source.substring(5), "source");
      Currency currency = currency(form.currency(), "currency");
      return new PaymentRequest.CardTopUp(cardId, minor(form.amount(), currency), currency);
    }
    if (source.startsWith("bank:")) {
      BankAccount account = bankAccount(user, source.substring(5), "source");
      return new PaymentRequest.BankTopUp(account.id(), minor(form.amount(), account.currency()));
    }
    throw invalid("source");
  }

  private BankAccountDetails bankDetails(PaymentForm form) {
    String account = text(form.account(), "account").replaceAll("\\s+", "")
        .toUpperCase(Locale.ROOT);
    String bankCode = form.bankCode() == null ? "" : form.bankCode().strip();
    if (bankCode.length() > TEXT_LENGTH_MAX) {
      throw invalid("bankCode");
    }
    String country = text(form.country(), "country").toUpperCase(Locale.ROOT);
    return new BankAccountDetails(text(form.holder(), "holder"), account, bankCode, country,
        currency(form.to(), "to"));
  }

  private BankAccount bankAccount(CurrentUser user, String id, String field) {
    return funding.bankAccount(user.userId(), uuid(id, field)).orElseThrow(() -> invalid(field));
  }

  /** "12.50" in USD is 1250; "1000" in JPY is 1000; "12.345" in USD is refused. */
  static long minor(String text, Currency currency) {
    String typed = text == null ? "" : text.strip().replace(",", "");
    if (typed.isEmpty() || typed.length() > AMOUNT_LENGTH_MAX) {
      throw invalid("amount");
    }
    try {
      long minor = new BigDecimal(typed)
          .movePointRight(Math.max(currency.getDefaultFractionDigits(), 0)).longValueExact();
      if (minor <= 0) {
        throw invalid("amount");
      }
      return minor;
    } catch (NumberFormatException | ArithmeticException notAnAmount) {
      throw invalid("amount");
    }
  }

  private static Currency currency(String code, String field) {
    try {
      return Currency.getInstance(text(code, field).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw invalid(field);
    }
  }

  private static UUID uuid(String text, String field) {
    try {
      return UUID.fromString(text(text, field));
    } catch (IllegalArgumentException notAnId) {
      throw invalid(field);
    }
  }

  private static String text(String value, String field) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty() || text.length() > TEXT_LENGTH_MAX) {
      throw invalid(field);
    }
    return text;
  }

  private static String note(String note) {
    return note == null || note.isBlank() ? null : note.strip();
  }

  /** The field at fault, with the words that say what it needs. */
  static OkPayException invalid(String field) {
    return new FieldErrors().add(field, FieldErrors.INVALID,
        new DefaultMessageSourceResolvable("money.invalid." + field)).exception();
  }
}
