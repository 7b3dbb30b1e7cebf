package org.okpay.merchants.internal.refunds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.PaymentRequest;

/** The money of one refund, moved to its payer: the refund names everything else. */
record MerchantRefundRequest(UUID refundId) implements PaymentRequest {

  @Override
  public String operationKey() {
    return MerchantRefundType.KEY;
  }

  @Override
  public Map<String, Object> fingerprintFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("refundId", refundId);
    return fields;
  }
}
