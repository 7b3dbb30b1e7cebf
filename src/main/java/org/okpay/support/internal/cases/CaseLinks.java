package org.okpay.support.internal.cases;

import java.util.UUID;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CaseLink;
import org.okpay.support.SupportApi.CustomerRequest;
import org.springframework.stereotype.Component;

/**
 * What a customer's case may be attached to: only their own transaction, refund or refund
 * request; anything else is "not found" in that thing's own words, as its own API would say.
 */
@Component
class CaseLinks {

  private final PaymentsApi payments;
  private final RefundRequestsApi refundRequests;

  CaseLinks(PaymentsApi payments, RefundRequestsApi refundRequests) {
    this.payments = payments;
    this.refundRequests = refundRequests;
  }

  /** The checked link of the request, or null for none. */
  CaseLink of(UUID customerId, CustomerRequest r) {
    int given = (r.transactionId() == null ? 0 : 1) + (r.refundId() == null ? 0 : 1)
        + (r.refundRequestId() == null ? 0 : 1);
    if (given > 1) {
      throw FieldErrors.invalid("transactionId", FieldErrors.INVALID);
    }
    if (r.transactionId() != null) {
      payments.transaction(customerId, r.transactionId())
          .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
      return new CaseLink("transaction", r.transactionId());
    }
    if (r.refundRequestId() != null) {
      boolean mine = refundRequests.mine(customerId, null).stream()
          .anyMatch(q -> q.id().equals(r.refundRequestId()));
      if (!mine) {
        throw new OkPayException(ErrorCode.REFUND_REQUEST_NOT_FOUND);
      }
      return new CaseLink("refund_request", r.refundRequestId());
    }
    if (r.refundId() != null) {
      // A refund the customer asked for is found through its request; one the merchant made
      // on its own is linked through its transaction (the tracker) instead.
      boolean mine = refundRequests.mine(customerId, null).stream()
          .anyMatch(q -> r.refundId().equals(q.refundId()));
      if (!mine) {
        throw new OkPayException(ErrorCode.REFUND_NOT_FOUND);
      }
      return new CaseLink("refund", r.refundId());
    }
    return null;
  }
}
