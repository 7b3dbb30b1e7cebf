package org.okpay.support;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.RefundRequestsApi.RefundRequest;
import org.okpay.payments.TransactionView;

/**
 * The help center's guided self-checks: what a customer's own data says about their problem,
 * before they open a case. Every read is scoped to the customer: another customer's transaction
 * is simply not there.
 */
public interface HelpApi {

  /** Most items a check lists. */
  int CHECK_ITEMS_MAX = 10;

  /**
   * The category a help link's {@code topic} leads to: a category's own code, or an error or
   * result code ({@code card_declined}, {@code account_locked} ...); with the transaction it
   * came with (null if none) deciding when the code alone does not. {@link CaseCategory#OTHER}
   * for anything unknown.
   */
  CaseCategory categoryOf(String topic, TransactionView transaction);

  /** The customer's recent failed or reversed transactions, newest first. */
  List<TransactionView> failedPayments(UUID customerId);

  /** The customer's transactions still on the way (not arrived, not failed), newest first. */
  List<TransactionView> moneyOnTheWay(UUID customerId);

  /** One of the customer's transactions; empty for another customer's or an unknown one. */
  Optional<TransactionView> transaction(UUID customerId, UUID transactionId);

  /** The customer's refund requests to merchants, newest first. */
  List<RefundRequest> refundRequests(UUID customerId);
}
