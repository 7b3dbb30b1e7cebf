package org.okpay.support;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.LoginAttempt;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.identity.SupportActionsApi.CustomerProfile;
import org.okpay.merchants.RefundRequestsApi.RefundRequest;
import org.okpay.merchants.RefundsApi.Refund;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.FundingSourcesApi.Card;
import org.okpay.payments.PaymentsApi.Balance;
import org.okpay.payments.TransactionView;

/**
 * The agent console's customer 360: everything support needs about one customer on one screen,
 * read from the modules that own it (identity, payments, merchants, cases). For staff only
 * ({@code forbidden} otherwise); the profile read is audited. The account actions themselves are
 * {@link SupportActionsApi}'s. Disputes join when the disputes part lands.
 */
public interface CustomerConsoleApi {

  int TRANSACTIONS_MAX = 30;
  int SIGN_INS_SHOWN = 20;
  int CASES_SHOWN = 20;
  /** Merchant payments among the transactions whose refunds are looked up. */
  int REFUND_LOOKUPS_MAX = 20;

  /** The 360 of one customer; {@code user_not_found} for an unknown id. */
  Customer360 customer(Actor actor, UUID userId);

  /** One of the customer's transactions with its tracker steps, for staff. */
  Optional<TransactionView> transaction(Actor actor, UUID userId, UUID transactionId);

  /**
   * @param transactions the newest, at most {@link #TRANSACTIONS_MAX}
   * @param moreTransactions whether older ones exist
   * @param refunds refunds of the customer's merchant payments among {@code transactions}
   * @param cases the customer's support cases, newest first (empty until cases are available)
   */
  record Customer360(CustomerProfile profile, List<LoginAttempt> signIns,
      SupportActionsApi.SignInDevices devices, List<Card> cards, List<BankAccount> bankAccounts,
      List<Balance> balances, List<TransactionView> transactions, boolean moreTransactions,
      List<RefundRequest> refundRequests, List<Refund> refunds, List<SupportCase> cases) {
  }
}
