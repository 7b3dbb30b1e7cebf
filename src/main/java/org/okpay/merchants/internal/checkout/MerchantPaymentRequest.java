package org.okpay.merchants.internal.checkout;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.PaymentRequest;

/**
 * A payer pays a checkout session from the balance in {@code payFrom}; {@code quoteId} is the FX
 * quote when that is not the session's currency.
 */
record MerchantPaymentRequest(UUID sessionId, Currency payFrom, UUID quoteId)
    implements PaymentRequest {

  @Override
  public String operationKey() {
    return MerchantPaymentType.KEY;
  }

  @Override
  public Map<String, Object> fingerprintFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("sessionId", sessionId);
    fields.put("payFrom", payFrom);
    fields.put("quoteId", quoteId);
    return fields;
  }
}
