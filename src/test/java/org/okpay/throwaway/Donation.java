package org.okpay.throwaway;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.payments.PaymentRequest;

/** A throw-away operation's request: give this much to the one charity OKPay knows. */
public record Donation(long amountMinor, Currency currency) implements PaymentRequest {

  @Override
  public String operationKey() {
    return DonationType.KEY;
  }

  @Override
  public Map<String, Object> fingerprintFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("amountMinor", amountMinor);
    fields.put("currency", currency);
    return fields;
  }
}
