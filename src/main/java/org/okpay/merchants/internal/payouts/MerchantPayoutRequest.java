package org.okpay.merchants.internal.payouts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.payments.PaymentRequest;

/** Money from a merchant's balance to a verified bank account of its owner. */
record MerchantPayoutRequest(UUID merchantId, UUID bankAccountId, long amountMinor)
    implements PaymentRequest {

  @Override
  public String operationKey() {
    return MerchantPayoutType.KEY;
  }

  @Override
  public Map<String, Object> fingerprintFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("merchantId", merchantId);
    fields.put("bankAccountId", bankAccountId);
    fields.put("amountMinor", amountMinor);
    return fields;
  }
}
