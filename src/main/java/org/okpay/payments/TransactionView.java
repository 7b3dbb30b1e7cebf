package org.okpay.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;

/**
 * One operation as its user sees it: what, how much, where it stands, and every step so far.
 *
 * @param operation the built-in operation; null for a type another module registered (the JSON
 *     field {@code operation} is {@code operationKey})
 * @param incoming true when the viewer is the recipient of another user's payment
 * @param amount what arrives (in the sender's currency; for FX see {@code targetAmount})
 * @param fee charged on top of {@code amount}; zero for the recipient's view
 * @param targetAmount for conversions and cross-border transfers: what the recipient gets
 * @param counterparty who or where, for display: an e-mail address, "Visa •••• 4242", a bank
 * @param failure why it failed or was reversed; null otherwise
 * @param expectedAt when the money is expected to arrive; null when done or unknown
 * @param delayed the expected time has passed and the money has not arrived
 * @param cardId the viewer's own card it was charged to (a card top-up); null otherwise, and
 *     always for the recipient of another user's payment
 * @param bankAccountId the viewer's own bank account (a bank top-up or a withdrawal); null
 *     otherwise
 * @param operationKey the {@link OperationType#key()}, for built-in and registered types alike
 */
public record TransactionView(
    UUID id,
    @JsonIgnore Operation operation,
    boolean incoming,
    TransactionState state,
    Money amount,
    Money fee,
    Money targetAmount,
    BigDecimal rate,
    String counterparty,
    String note,
    Rail rail,
    String railReference,
    ErrorCode failure,
    Instant createdAt,
    Instant updatedAt,
    Instant expectedAt,
    boolean delayed,
    boolean complaintFiled,
    List<Step> steps,
    UUID cardId,
    UUID bankAccountId,
    @JsonProperty("operation") String operationKey) {

  private static final String MERCHANT_REFUND = "merchant_refund";

  /**
   * True when the money came into the viewer's balance: a payment received, or a top-up from a
   * card or a bank account (money in, though the viewer started it). Not part of the JSON.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean moneyIn() {
    // A registered type cannot yet say which way its money goes (OperationType has no such
    // method); the merchants module's refund is the one that brings money in to its payer.
    return incoming || operation == Operation.TOPUP_CARD || operation == Operation.TOPUP_BANK
        || MERCHANT_REFUND.equals(operationKey);
  }

  /**
   * One step of the tracker.
   *
   * @param step e.g. {@code created}, {@code hold_placed}, {@code sent_to_rail}, {@code in_transit},
   *     {@code credited}, {@code completed}, {@code failed}, {@code returned}
   */
  public record Step(String step, Instant at, String detail) {
  }
}
