package org.okpay.payments.internal.sources;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FundingSourcesApi.BankAccountState;
import org.okpay.payments.PaymentRail;
import org.springframework.stereotype.Component;

/**
 * What the payments core needs of a user's funding source to move money through the rail: the
 * card's vault token, the bank account's details. Scoped to the user like every read: another
 * user's card or account is empty, exactly like one that does not exist or was removed.
 */
@Component
public class FundingSourceLookup {

  private final CardStore cards;
  private final BankAccountStore bankAccounts;

  FundingSourceLookup(CardStore cards, BankAccountStore bankAccounts) {
    this.cards = cards;
    this.bankAccounts = bankAccounts;
  }

  /** The user's card (not removed; it may have expired: the rail declines that). */
  public Optional<PaymentRail.CardToken> cardToken(UUID userId, UUID cardId) {
    return cards.active(userId, cardId).map(c -> new PaymentRail.CardToken(c.token(), c.brand(),
        c.last4(), c.expiryMonth(), c.expiryYear(), c.fingerprint()));
  }

  /**
   * The rail declined the card as expired: it reads as expired (and is not charged again) until
   * its owner updates it. Nothing happens for a card that is not the user's or is gone.
   */
  public void markDeclinedExpired(UUID userId, UUID cardId, Instant now) {
    cards.markDeclinedExpired(userId, cardId, now);
  }

  /** The user's bank account when it is verified and not removed. */
  public Optional<PaymentRail.BankAccountDetails> verifiedBankAccount(UUID userId,
      UUID bankAccountId) {
    return bankAccounts.active(userId, bankAccountId)
        .filter(b -> b.state() == BankAccountState.VERIFIED)
        .map(b -> new PaymentRail.BankAccountDetails(b.holderName(), b.accountNumber(),
            b.bankCode(), b.country(), b.currency()));
  }
}
