package org.okpay.support.internal.help;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundRequestsApi.RefundRequest;
import org.okpay.payments.NextSteps;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.support.CaseCategory;
import org.okpay.support.HelpApi;
import org.springframework.stereotype.Service;

/**
 * The self-checks of the help center over payments' and merchants' APIs, and where a help
 * link's topic leads. Which codes belong to which category is declared here once.
 */
@Service
class HelpChecks implements HelpApi {

  private static final Set<ErrorCode> SIGN_IN = Set.of(ErrorCode.ACCOUNT_LOCKED,
      ErrorCode.INVALID_CREDENTIALS, ErrorCode.SIGN_IN_EXPIRED, ErrorCode.LINK_EXPIRED,
      ErrorCode.EMAIL_NOT_VERIFIED, ErrorCode.PASSWORD_RESET_REQUIRED);
  private static final Set<ErrorCode> SECURITY = Set.of(ErrorCode.ACCOUNT_FROZEN,
      ErrorCode.ACCOUNT_RECOVERY_REQUIRED, ErrorCode.PHONE_TAKEN);
  private static final Set<ErrorCode> NOT_RECEIVED = Set.of(ErrorCode.COMPLAINT_TOO_EARLY,
      ErrorCode.COMPLAINT_ALREADY_FILED);
  private static final Set<TransactionState> ON_THE_WAY = Set.of(TransactionState.CREATED,
      TransactionState.ON_HOLD, TransactionState.PENDING, TransactionState.PROCESSING);
  private static final String MERCHANT_REFUND = "merchant_refund";

  private final PaymentsApi payments;
  private final RefundRequestsApi refundRequests;

  HelpChecks(PaymentsApi payments, RefundRequestsApi refundRequests) {
    this.payments = payments;
    this.refundRequests = refundRequests;
  }

  @Override
  public CaseCategory categoryOf(String topic, TransactionView transaction) {
    String code = topic == null ? "" : topic.strip();
    for (CaseCategory category : CaseCategory.values()) {
      if (category.code().equals(code)) {
        return category;
      }
    }
    Optional<ErrorCode> error = java.util.Arrays.stream(ErrorCode.values())
        .filter(c -> c.code().equals(code)).findFirst();
    if (error.isPresent()) {
      ErrorCode e = error.get();
      if (SIGN_IN.contains(e)) {
        return CaseCategory.SIGN_IN;
      }
      if (SECURITY.contains(e)) {
        return CaseCategory.ACCOUNT_SECURITY;
      }
      if (NOT_RECEIVED.contains(e)) {
        return CaseCategory.MONEY_NOT_RECEIVED;
      }
      if (code.startsWith("refund") || e == ErrorCode.MERCHANT_PAYMENT_NOT_FOUND) {
        return CaseCategory.REFUND;
      }
      if (NextSteps.mapped().contains(e)) {
        return CaseCategory.PAYMENT_FAILED;
      }
    }
    return transaction == null ? CaseCategory.OTHER : ofTransaction(transaction);
  }

  /** What a transaction's own state says its problem is. */
  static CaseCategory ofTransaction(TransactionView tx) {
    if (MERCHANT_REFUND.equals(tx.operationKey())) {
      return CaseCategory.REFUND;
    }
    if (tx.state() == TransactionState.FAILED || tx.state() == TransactionState.REVERSED) {
      return CaseCategory.PAYMENT_FAILED;
    }
    return ON_THE_WAY.contains(tx.state()) ? CaseCategory.MONEY_NOT_RECEIVED
        : CaseCategory.OTHER;
  }

  @Override
  public List<TransactionView> failedPayments(UUID customerId) {
    return newest(customerId, Set.of(TransactionState.FAILED, TransactionState.REVERSED));
  }

  @Override
  public List<TransactionView> moneyOnTheWay(UUID customerId) {
    return newest(customerId, ON_THE_WAY);
  }

  private List<TransactionView> newest(UUID customerId, Set<TransactionState> states) {
    List<TransactionView> all = new ArrayList<>();
    for (TransactionState state : states) {
      all.addAll(payments.history(customerId, new HistoryFilter(null, null, null, state, null,
          null, null), null, CHECK_ITEMS_MAX).transactions());
    }
    return all.stream().sorted(Comparator.comparing(TransactionView::createdAt).reversed())
        .limit(CHECK_ITEMS_MAX).toList();
  }

  @Override
  public Optional<TransactionView> transaction(UUID customerId, UUID transactionId) {
    return transactionId == null ? Optional.empty()
        : payments.transaction(customerId, transactionId);
  }

  @Override
  public List<RefundRequest> refundRequests(UUID customerId) {
    return refundRequests.mine(customerId, null).stream().limit(CHECK_ITEMS_MAX).toList();
  }
}
