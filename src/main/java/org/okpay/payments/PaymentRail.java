package org.okpay.payments;

import java.time.Instant;

/**
 * The port to the outside world's money: card networks and banks. The sandbox rail is the
 * default implementation; a real acquirer or bank would be another.
 *
 * <p>Every request carries our {@code reference} (the transaction id), and a rail treats a repeated
 * reference as the same operation: asking again never moves money twice. A rail never sees our
 * ledger; it answers what it did, and {@link #status} answers what it knows now, which
 * reconciliation compares with the ledger.
 */
public interface PaymentRail {

  /**
   * Tokenizes a card: the number and CVC go to the rail's vault and nowhere else (never to our
   * database or logs); OKPay keeps only what this returns.
   */
  CardToken tokenizeCard(String number, int expiryMonth, int expiryYear, String cvc);

  /**
   * Gives the vault a card's new expiry date and security code (a replacement card with the same
   * number): the token stays, later charges use the new date. The CVC goes nowhere else.
   */
  CardToken updateCard(CardToken card, int expiryMonth, int expiryYear, String cvc);

  /** Charges a tokenized card (a top-up). Completed, declined or unknown at once. */
  RailOutcome chargeCard(String reference, CardToken card, long amountMinor,
      java.util.Currency currency);

  /** Checks a bank account: verified at once, or by two micro-deposits the user confirms. */
  BankCheck checkBankAccount(BankAccountDetails account);

  /** Pulls money from the user's bank account (a top-up). Usually processing at first. */
  RailOutcome collect(String reference, BankAccountDetails from, long amountMinor,
      java.util.Currency currency);

  /**
   * Sends money to a bank account: a withdrawal ({@link Rail#DOMESTIC_BANK}) or a cross-border
   * transfer ({@link Rail#CROSS_BORDER}, in the recipient's currency). Usually processing at
   * first.
   */
  RailOutcome payout(String reference, Rail rail, BankAccountDetails to, long amountMinor,
      java.util.Currency currency);

  /** What the rail knows of an operation now; {@link RailState#NOT_FOUND} when nothing. */
  RailOutcome status(String reference);

  /**
   * When money sent on the rail now usually arrives (rail time): at once for cards, the usual
   * settlement delay for bank transfers, in business days abroad. Shown before the user confirms.
   */
  Instant expectedArrival(Rail rail);

  /** The rail's clock: real time, plus whatever the sandbox was advanced by. */
  Instant now();

  /**
   * What the rail keeps of a card for OKPay.
   *
   * @param token the vault's handle for the card
   * @param brand e.g. {@code visa}, {@code mastercard}, {@code amex}, {@code unionpay}
   * @param fingerprint the same card number always gives the same fingerprint (to spot a card
   *     added twice), and it does not reveal the number
   */
  record CardToken(String token, String brand, String last4, int expiryMonth, int expiryYear,
      String fingerprint) {
  }

  /**
   * A bank account as the rail needs it.
   *
   * @param accountNumber an IBAN or a local account number, without spaces
   * @param bankCode a sort code, routing number, SWIFT/BIC or CNAPS code; may be empty for an IBAN
   */
  record BankAccountDetails(String holderName, String accountNumber, String bankCode,
      String country, java.util.Currency currency) {
  }

  /**
   * @param result VERIFIED at once, MICRO_DEPOSITS sent (the user confirms the two amounts), or
   *     REJECTED (with a decline code such as account_closed)
   * @param microDepositsMinor the two amounts sent (empty unless MICRO_DEPOSITS); the rail keeps
   *     them so OKPay can check what the user types
   */
  record BankCheck(Result result, DeclineCode declineCode,
      java.util.List<Long> microDepositsMinor) {
    public enum Result { VERIFIED, MICRO_DEPOSITS, REJECTED }
  }
}
