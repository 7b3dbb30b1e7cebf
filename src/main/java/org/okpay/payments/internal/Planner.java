package org.okpay.payments.internal;

import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PricingApi;
import org.okpay.payments.Rail;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * What the built-in operation types share when they turn a request into a {@link PaymentPlan}:
 * checks of the request's shape, the user's own verified bank account, the price, the limits'
 * amount. Each type's file says which it uses.
 */
@Component
class Planner {

  /** Largest amount of one operation, in minor units: far above any limit, far below overflow. */
  static final long AMOUNT_MAX_MINOR = 10_000_000_000_000L;
  static final int NOTE_LENGTH_MAX = 140;

  private final FundingSourcesApi sources;
  private final PricingApi pricing;

  Planner(FundingSourcesApi sources, PricingApi pricing) {
    this.sources = sources;
    this.pricing = pricing;
  }

  /** The operation's configured caps (okpay.payments.limits). */
  org.okpay.payments.Limit limit(Operation operation, boolean emailVerified) {
    return pricing.limit(operation, emailVerified);
  }

  /** A plan at a quote's amounts and rate: money leaves the balance. */
  PaymentPlan fx(Quote quote, BankAccountDetails to, String counterparty, Rail rail) {
    return new PaymentPlan(quote.operation().key(), true, quote.sourceAmountMinor(),
        quote.source(),
        quote.feeMinor(), quote.targetAmountMinor(), quote.target(), quote.rate(), quote.id(),
        null, null, null, to, counterparty, null, rail,
        limitAmount(quote.sourceAmountMinor(), quote.source()));
  }

  /** A plan priced with the operation's configured fee, in one currency. */
  PaymentPlan simple(Operation operation, boolean outgoing, long amountMinor, Currency currency,
      UUID cardId, UUID bankAccountId, Contact recipient, String counterparty, String note,
      Rail rail) {
    long fee = pricing.fee(operation, currency, amountMinor).feeMinor();
    return new PaymentPlan(operation.key(), outgoing, amountMinor, currency, fee, null, null,
        null, null, cardId,
        bankAccountId, recipient, null, counterparty, note, rail,
        limitAmount(amountMinor, currency));
  }

  private long limitAmount(long amountMinor, Currency currency) {
    return pricing.equivalentMinor(amountMinor, currency, pricing.limitCurrency());
  }

  BankAccount verifiedBank(CurrentUser user, UUID bankAccountId) {
    BankAccount bank = sources.bankAccount(user.userId(), requireId(bankAccountId,
        "bankAccountId")).orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND,
            Map.of("field", "bankAccountId")));
    if (bank.state() != FundingSourcesApi.BankAccountState.VERIFIED) {
      throw new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_VERIFIED,
          Map.of("field", "bankAccountId"));
    }
    return bank;
  }

  static void requireAmount(long amountMinor) {
    if (amountMinor <= 0 || amountMinor > AMOUNT_MAX_MINOR) {
      throw FieldErrors.invalid("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
  }

  static Currency requireSupported(Currency currency, String field) {
    if (currency == null || !SupportedCurrencies.supported(currency)) {
      throw new OkPayException(ErrorCode.CURRENCY_NOT_SUPPORTED, Map.of("field", field));
    }
    return currency;
  }

  static UUID requireId(UUID id, String field) {
    if (id == null) {
      throw FieldErrors.invalid(field, FieldErrors.REQUIRED);
    }
    return id;
  }

  static String note(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    if (note.strip().length() > NOTE_LENGTH_MAX) {
      throw FieldErrors.invalid("note", FieldErrors.TOO_LONG);
    }
    return note.strip();
  }

  static String bankText(BankAccount bank) {
    return bank.holderName() + " · " + bank.accountMasked();
  }

  static String brand(String brand) {
    return brand.isEmpty() ? brand : Character.toUpperCase(brand.charAt(0)) + brand.substring(1);
  }
}
