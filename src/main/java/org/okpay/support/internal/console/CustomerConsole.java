package org.okpay.support.internal.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.identity.SupportActionsApi.CustomerProfile;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundsApi;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.PaymentsApi.TransactionPage;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.CustomerConsoleApi;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Puts the 360 together from the owning modules' APIs, each of which scopes its reads to the
 * customer's id. The profile goes first: it checks the staff role, answers
 * {@code user_not_found} and writes the "viewed" audit row before anything else is read.
 */
@Service
class CustomerConsole implements CustomerConsoleApi {

  /** The operation key of a payment to a merchant (merchants' checkout registers it). */
  static final String MERCHANT_PAYMENT = "merchant_payment";

  private final SupportActionsApi actions;
  private final PaymentsApi payments;
  private final FundingSourcesApi sources;
  private final RefundRequestsApi refundRequests;
  private final RefundsApi refunds;
  private final ObjectProvider<SupportApi> cases;

  CustomerConsole(SupportActionsApi actions, PaymentsApi payments, FundingSourcesApi sources,
      RefundRequestsApi refundRequests, RefundsApi refunds, ObjectProvider<SupportApi> cases) {
    this.actions = actions;
    this.payments = payments;
    this.sources = sources;
    this.refundRequests = refundRequests;
    this.refunds = refunds;
    this.cases = cases;
  }

  @Override
  public Customer360 customer(Actor actor, UUID userId) {
    CustomerProfile profile = actions.profile(actor, userId);
    TransactionPage page = payments.history(userId, HistoryFilter.none(), null,
        TRANSACTIONS_MAX);
    List<RefundsApi.Refund> refundsOf = new ArrayList<>();
    page.transactions().stream()
        .filter(t -> MERCHANT_PAYMENT.equals(t.operationKey()) && !t.incoming())
        .limit(REFUND_LOOKUPS_MAX)
        .forEach(t -> refundsOf.addAll(refunds.refundsOfTransaction(userId, t.id())));
    SupportApi support = cases.getIfAvailable();
    List<SupportCase> caseList = support == null ? List.of()
        : support.casesOf(userId, CASES_SHOWN);
    return new Customer360(profile, actions.signIns(actor, userId, SIGN_INS_SHOWN),
        actions.devices(actor, userId), sources.cards(userId), sources.bankAccounts(userId),
        payments.balances(userId), page.transactions(), page.nextCursor() != null,
        refundRequests.mine(userId, null), List.copyOf(refundsOf), caseList);
  }

  @Override
  public Optional<TransactionView> transaction(Actor actor, UUID userId, UUID transactionId) {
    if (actor == null || !actor.role().staff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return payments.transaction(userId, transactionId);
  }
}
