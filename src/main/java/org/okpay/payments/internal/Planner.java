package org.okpay.payments.internal;

import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.FundingSourcesApi.Card;
import org.okpay.payments.FxApi.Quote;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PricingApi;
import org.okpay.payments.Rail;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Component;

/**
 * Turns what the user asked into a {@link Plan}: checks the shape of the request, finds the card,
 * bank account, recipient or quote (only the user's own), and prices it.
 */
@Component
class Planner {

  /** Largest amount of one operation, in minor units: far above any limit, far below overflow. */
  static final long AMOUNT_MAX_MINOR = 10_000_000_000_000L;
  static final int NOTE_LENGTH_MAX = 140;

  private final FundingSourcesApi sources;
  private final IdentityApi identity;
  private final PricingApi pricing;
  private final Quotes quotes;

  Planner(FundingSourcesApi sources, IdentityApi identity, PricingApi pricing, Quotes quotes) {
    this.sources = sources;
    this.identity = identity;
    this.pricing = pricing;
    this.quotes = quotes;
  }

  Plan plan(CurrentUser user, PaymentRequest request) {
    return switch (request) {
      case PaymentRequest.CardTopUp r -> cardTopUp(user, r);
      case PaymentRequest.BankTopUp r -> bankTopUp(user, r);
      case PaymentRequest.Withdrawal r -> withdrawal(user, r);
      case PaymentRequest.Send r -> send(user, r);
      case PaymentRequest.Convert r -> convert(user, r);
      case PaymentRequest.CrossBorder r -> crossBorder(user, r);
    };
  }

  private Plan cardTopUp(CurrentUser user, PaymentRequest.CardTopUp r) {
    requireAmount(r.amountMinor());
    Currency currency = requireSupported(r.currency(), "currency");
    Card card = sources.card(user.userId(), requireId(r.cardId(), "cardId"))
        .orElseThrow(() -> new OkPayException(ErrorCode.CARD_NOT_FOUND, Map.of("field", "cardId")));
    if (card.state() == FundingSourcesApi.CardState.EXPIRED) {
      throw new OkPayException(ErrorCode.CARD_EXPIRED, Map.of("field", "cardId"));
    }
    String counterparty = brand(card.brand()) + " •••• " + card.last4();
    return simple(Operation.TOPUP_CARD, r.amountMinor(), currency, card.id(), null, null,
        counterparty, null, Rail.CARD);
  }

  private Plan bankTopUp(CurrentUser user, PaymentRequest.BankTopUp r) {
    requireAmount(r.amountMinor());
    BankAccount bank = verifiedBank(user, r.bankAccountId());
    return simple(Operation.TOPUP_BANK, r.amountMinor(), bank.currency(), null, bank.id(), null,
        bankText(bank), null, Rail.DOMESTIC_BANK);
  }

  private Plan withdrawal(CurrentUser user, PaymentRequest.Withdrawal r) {
    requireAmount(r.amountMinor());
    BankAccount bank = verifiedBank(user, r.bankAccountId());
    return simple(Operation.WITHDRAWAL, r.amountMinor(), bank.currency(), null, bank.id(), null,
        bankText(bank), null, Rail.DOMESTIC_BANK);
  }

  private Plan send(CurrentUser user, PaymentRequest.Send r) {
    requireAmount(r.amountMinor());
    Currency currency = requireSupported(r.currency(), "currency");
    String note = note(r.note());
    // A phone number typed without + is read as dialled in the payer's country.
    Contact recipient = identity.payableUser(r.recipient(), user.country()).orElseThrow(() ->
        new OkPayException(ErrorCode.RECIPIENT_NOT_FOUND, Map.of("field", "recipient")));
    if (recipient.userId().equals(user.userId())) {
      throw new OkPayException(ErrorCode.CANNOT_PAY_YOURSELF, Map.of("field", "recipient"));
    }
    // Paid by phone, the payer sees the number they used, not the owner's e-mail address.
    boolean byEmail = r.recipient().contains("@") || recipient.phone() == null;
    return simple(Operation.P2P, r.amountMinor(), currency, null, null, recipient,
        byEmail ? recipient.email() : recipient.phone(), note, null);
  }

  private Plan convert(CurrentUser user, PaymentRequest.Convert r) {
    Quote quote = quotes.readable(user.userId(), requireId(r.quoteId(), "quoteId"),
        Operation.CONVERT);
    return fx(quote, null, quote.source().getCurrencyCode() + " → "
        + quote.target().getCurrencyCode(), null);
  }

  private Plan crossBorder(CurrentUser user, PaymentRequest.CrossBorder r) {
    Quote quote = quotes.readable(user.userId(), requireId(r.quoteId(), "quoteId"),
        Operation.CROSS_BORDER);
    BankAccountDetails to = RecipientBanks.require(r.recipient(), quote.target());
    return fx(quote, to, to.holderName() + " · " + RecipientBanks.masked(to.accountNumber())
        + " (" + to.country() + ")", Rail.CROSS_BORDER);
  }

  private Plan fx(Quote quote, BankAccountDetails to, String counterparty, Rail rail) {
    return new Plan(quote.operation(), quote.sourceAmountMinor(), quote.source(),
        quote.feeMinor(), quote.targetAmountMinor(), quote.target(), quote.rate(), quote.id(),
        null, null, null, to, counterparty, null, rail,
        limitAmount(quote.sourceAmountMinor(), quote.source()));
  }

  private Plan simple(Operation operation, long amountMinor, Currency currency, UUID cardId,
      UUID bankAccountId, Contact recipient, String counterparty, String note, Rail rail) {
    long fee = pricing.fee(operation, currency, amountMinor).feeMinor();
    return new Plan(operation, amountMinor, currency, fee, null, null, null, null, cardId,
        bankAccountId, recipient, null, counterparty, note, rail,
        limitAmount(amountMinor, currency));
  }

  private long limitAmount(long amountMinor, Currency currency) {
    return pricing.equivalentMinor(amountMinor, currency, pricing.limitCurrency());
  }

  private BankAccount verifiedBank(CurrentUser user, UUID bankAccountId) {
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

  private static UUID requireId(UUID id, String field) {
    if (id == null) {
      throw FieldErrors.invalid(field, FieldErrors.REQUIRED);
    }
    return id;
  }

  private static String note(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    if (note.strip().length() > NOTE_LENGTH_MAX) {
      throw FieldErrors.invalid("note", FieldErrors.TOO_LONG);
    }
    return note.strip();
  }

  private static String bankText(BankAccount bank) {
    return bank.holderName() + " · " + bank.accountMasked();
  }

  private static String brand(String brand) {
    return brand.isEmpty() ? brand : Character.toUpperCase(brand.charAt(0)) + brand.substring(1);
  }
}
