package org.okpay.payments;

import java.util.Currency;
import java.util.UUID;

/**
 * What a user asks OKPay to do with money. The amount is always what arrives (in the user's
 * balance for a top-up, with the recipient otherwise); fees come on top and are shown before the
 * user confirms.
 */
public sealed interface PaymentRequest {

  Operation operation();

  /** Adds money to the balance in {@code currency} from one of the user's cards. */
  record CardTopUp(UUID cardId, long amountMinor, Currency currency) implements PaymentRequest {
    public Operation operation() {
      return Operation.TOPUP_CARD;
    }
  }

  /** Pulls money from one of the user's verified bank accounts, in its currency. */
  record BankTopUp(UUID bankAccountId, long amountMinor) implements PaymentRequest {
    public Operation operation() {
      return Operation.TOPUP_BANK;
    }
  }

  /** Sends money to one of the user's verified bank accounts, in its currency. */
  record Withdrawal(UUID bankAccountId, long amountMinor) implements PaymentRequest {
    public Operation operation() {
      return Operation.WITHDRAWAL;
    }
  }

  /**
   * Sends money to another OKPay user, found by e-mail address or phone number.
   *
   * @param recipient the recipient's e-mail address or phone number
   * @param note optional, at most 140 characters, shown to both
   */
  record Send(String recipient, long amountMinor, Currency currency, String note)
      implements PaymentRequest {
    public Operation operation() {
      return Operation.P2P;
    }
  }

  /** Converts between two of the user's balances at a quote's rate. */
  record Convert(UUID quoteId) implements PaymentRequest {
    public Operation operation() {
      return Operation.CONVERT;
    }
  }

  /** Sends money abroad to a bank account, at a cross-border quote's rate. */
  record CrossBorder(UUID quoteId, PaymentRail.BankAccountDetails recipient)
      implements PaymentRequest {
    public Operation operation() {
      return Operation.CROSS_BORDER;
    }
  }
}
