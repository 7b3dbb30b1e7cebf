package org.okpay.payments;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a user asks OKPay to do with money. The amount is always what arrives (in the user's
 * balance for a top-up, with the recipient otherwise); fees come on top and are shown before the
 * user confirms. The records here are the built-in operations; another module adds its own
 * request next to its {@link OperationType}.
 */
public interface PaymentRequest {

  /** The built-in operation; null for a request of a type another module registered. */
  default Operation operation() {
    return null;
  }

  /** The {@link OperationType#key()} of the type that carries the request out. */
  default String operationKey() {
    return operation().key();
  }

  /**
   * The fields that make two requests the same request, under names fixed here (not the record's
   * component names), for the idempotency fingerprint: renaming or reordering a component after a
   * deploy must not change it. A null value means "not given". See docs/payments.md.
   */
  Map<String, Object> fingerprintFields();

  /** Ordered name/value pairs, nulls kept (the fingerprint leaves them out). */
  private static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }

  /** Adds money to the balance in {@code currency} from one of the user's cards. */
  record CardTopUp(UUID cardId, long amountMinor, Currency currency) implements PaymentRequest {
    public Operation operation() {
      return Operation.TOPUP_CARD;
    }

    public Map<String, Object> fingerprintFields() {
      return fields("cardId", cardId, "amountMinor", amountMinor, "currency", currency);
    }
  }

  /** Pulls money from one of the user's verified bank accounts, in its currency. */
  record BankTopUp(UUID bankAccountId, long amountMinor) implements PaymentRequest {
    public Operation operation() {
      return Operation.TOPUP_BANK;
    }

    public Map<String, Object> fingerprintFields() {
      return fields("bankAccountId", bankAccountId, "amountMinor", amountMinor);
    }
  }

  /** Sends money to one of the user's verified bank accounts, in its currency. */
  record Withdrawal(UUID bankAccountId, long amountMinor) implements PaymentRequest {
    public Operation operation() {
      return Operation.WITHDRAWAL;
    }

    public Map<String, Object> fingerprintFields() {
      return fields("bankAccountId", bankAccountId, "amountMinor", amountMinor);
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

    public Map<String, Object> fingerprintFields() {
      return fields("recipient", recipient, "amountMinor", amountMinor, "currency", currency,
          "note", note);
    }
  }

  /** Converts between two of the user's balances at a quote's rate. */
  record Convert(UUID quoteId) implements PaymentRequest {
    public Operation operation() {
      return Operation.CONVERT;
    }

    public Map<String, Object> fingerprintFields() {
      return fields("quoteId", quoteId);
    }
  }

  /** Sends money abroad to a bank account, at a cross-border quote's rate. */
  record CrossBorder(UUID quoteId, PaymentRail.BankAccountDetails recipient)
      implements PaymentRequest {
    public Operation operation() {
      return Operation.CROSS_BORDER;
    }

    public Map<String, Object> fingerprintFields() {
      return recipient == null ? fields("quoteId", quoteId, "recipient", null)
          : fields("quoteId", quoteId, "recipient.holderName", recipient.holderName(),
              "recipient.accountNumber", recipient.accountNumber(), "recipient.bankCode",
              recipient.bankCode(), "recipient.country", recipient.country(),
              "recipient.currency", recipient.currency());
    }
  }
}
