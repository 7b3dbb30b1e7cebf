package org.okpay.support.internal.reversals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.PaymentRequest;

/** The money of one approved reversal request: the request names everything else. */
record ReversalRequest(UUID reversalId) implements PaymentRequest {

  @Override
  public String operationKey() {
    return ReversalType.KEY;
  }

  @Override
  public Map<String, Object> fingerprintFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("reversalId", reversalId);
    return fields;
  }
}
