package org.okpay.payments;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The user's cards and bank accounts. Every call is scoped to {@code userId}: another user's
 * card or account is "not found", exactly like one that does not exist.
 */
public interface FundingSourcesApi {

  /** Most cards, and most bank accounts, one user may keep. */
  int SOURCES_MAX = 10;

  /**
   * Adds a card. The number and CVC go only to the rail's vault; OKPay stores the token, brand,
   * last four digits, expiry and fingerprint. A past expiry is refused ({@code card_expired}); a
   * card already on file (same fingerprint) is returned as it is.
   */
  Card addCard(UUID userId, NewCard card);

  List<Card> cards(UUID userId);

  Optional<Card> card(UUID userId, UUID cardId);

  /**
   * Updates a card's expiry date and security code through the rail's vault (the number stays,
   * and so does the card's id): what a user does when a card was declined as expired. Clears the
   * "declined as expired" mark. The fields are checked first ({@code validation_failed}), then a
   * past expiry is refused ({@code card_expired}), then the card must be the user's
   * ({@code card_not_found}, also for another user's card).
   */
  Card updateCard(UUID userId, UUID cardId, CardUpdate update);

  /** Removes a card ({@code card_not_found} when it is not the user's). */
  void removeCard(UUID userId, UUID cardId);

  /** Adds a bank account and starts its verification (instant, or two micro-deposits). */
  BankAccount addBankAccount(UUID userId, NewBankAccount account);

  /**
   * Adds a bank account for a signed-in user, with step-up: the fields are checked first (so a
   * typo does not use up a code), then {@code secondFactorCode} must be a fresh second factor
   * when the user has two-factor on ({@code second_factor_required}, {@code invalid_second_factor}),
   * then the account is added as {@link #addBankAccount(UUID, NewBankAccount)} does. Pages and
   * the API use this one: a payout account is where a thief would send the money.
   */
  BankAccount addBankAccount(org.okpay.identity.CurrentUser user, String secondFactorCode,
      NewBankAccount account);

  List<BankAccount> bankAccounts(UUID userId);

  Optional<BankAccount> bankAccount(UUID userId, UUID bankAccountId);

  /**
   * The whole details of the user's verified bank account, for an operation type of another
   * module that pays out to it through the rail (a merchant payout); empty when it is not
   * verified, removed or not the user's. Never shown to anyone.
   */
  Optional<PaymentRail.BankAccountDetails> verifiedPayoutDetails(UUID userId, UUID bankAccountId);

  /** Confirms the two micro-deposit amounts; three wrong tries reject the account. */
  BankAccount confirmMicroDeposits(UUID userId, UUID bankAccountId, long firstMinor,
      long secondMinor);

  void removeBankAccount(UUID userId, UUID bankAccountId);

  /** What the user types; never stored whole. */
  record NewCard(String number, int expiryMonth, int expiryYear, String cvc, String holderName) {
    @Override
    public String toString() {
      return "NewCard[number=****, cvc=***]";
    }
  }

  /** A card's new expiry date and security code; the code only passes through to the vault. */
  record CardUpdate(int expiryMonth, int expiryYear, String cvc) {
    @Override
    public String toString() {
      return "CardUpdate[expiryMonth=" + expiryMonth + ", expiryYear=" + expiryYear
          + ", cvc=***]";
    }
  }

  record NewBankAccount(String holderName, String accountNumber, String bankCode, String country,
      Currency currency) {
  }

  /**
   * @param state ACTIVE, or EXPIRED once its expiry month has passed or since the rail declined
   *     it as expired (until it is updated, {@link #updateCard})
   */
  record Card(UUID id, String brand, String last4, int expiryMonth, int expiryYear,
      String holderName, CardState state, Instant addedAt) {
  }

  enum CardState { ACTIVE, EXPIRED }

  /** @param accountMasked the last four characters, e.g. "•••• 6789" */
  record BankAccount(UUID id, String holderName, String accountMasked, String bankCode,
      String country, Currency currency, BankAccountState state, Instant addedAt) {
  }

  enum BankAccountState { VERIFIED, PENDING_VERIFICATION, REJECTED }
}
