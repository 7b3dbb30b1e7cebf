package org.okpay.web;

import java.util.Currency;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.FxApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentInputs.BankCurrencies;
import org.okpay.payments.PaymentInputs.Fields;
import org.okpay.payments.PaymentRequest;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * Reads a money form into the {@link PaymentRequest} it asks for, through the reader the JSON API
 * uses ({@link PaymentInputs}): the same checks and error codes. Only the form's shape is the
 * page's: amounts typed in major units ("12.50", read exactly in minor units, never rounded), the
 * top-up's one "card:{id}" or "bank:{id}" choice, the bank abroad as flat fields.
 */
@Component
class PaymentRequests {

  private final FundingSourcesApi funding;
  private final FxApi fx;

  PaymentRequests(FundingSourcesApi funding, FxApi fx) {
    this.funding = funding;
    this.fx = fx;
  }

  /** The request of a filled form; conversions and transfers abroad need the review's quote. */
  PaymentRequest of(CurrentUser user, MoneyForm kind, PaymentForm form) {
    Fields fields = fields(form);
    BankCurrencies banks = id -> funding.bankAccount(user.userId(), id)
        .map(BankAccount::currency);
    return switch (kind) {
      case TOP_UP -> PaymentInputs.topUp(fields, banks);
      case SEND -> PaymentInputs.send(fields);
      case WITHDRAW -> PaymentInputs.withdrawal(fields, banks);
      case CONVERT -> PaymentInputs.conversion(fields);
      case ABROAD -> PaymentInputs.crossBorder(fields);
    };
  }

  /** A new quote for a conversion or a transfer abroad; null for the other operations. */
  FxApi.Quote quote(CurrentUser user, MoneyForm kind, PaymentForm form) {
    if (kind != MoneyForm.CONVERT && kind != MoneyForm.ABROAD) {
      return null;
    }
    Currency source = PaymentInputs.currency(form.from(), "from");
    Currency target = PaymentInputs.currency(form.to(), "to");
    if (kind == MoneyForm.CONVERT) {
      return fx.quote(user.userId(), Operation.CONVERT, source, target,
          PaymentInputs.amountMinor(form.amount(), source), 0);
    }
    PaymentInputs.bankDetails(fields(form).bank()); // refuse bad bank details before a quote
    boolean theyReceive = "receive".equals(form.side());
    return fx.quote(user.userId(), Operation.CROSS_BORDER, source, target,
        theyReceive ? 0 : PaymentInputs.amountMinor(form.amount(), source),
        theyReceive ? PaymentInputs.amountMinor(form.amount(), target) : 0);
  }

  /** The form in the fields both the API and the pages are read from. */
  private static Fields fields(PaymentForm form) {
    String source = form.source() == null ? "" : form.source().strip();
    String cardId = source.startsWith("card:") ? source.substring(5) : null;
    String bankAccountId = source.startsWith("bank:") ? source.substring(5)
        : form.bankAccountId();
    return new Fields(cardId, bankAccountId, null, Optional.ofNullable(form.amount()).orElse(""),
        form.currency(), form.recipient(), form.note(), form.quoteId(),
        new PaymentInputs.Bank(form.holder(), form.account(), form.bankCode(), form.country(),
            form.to()));
  }

  /** A field of a money page at fault; the same shape and codes as the payment readers'. */
  static OkPayException invalid(String field, String code) {
    return PaymentInputs.invalid(field, code);
  }
}
