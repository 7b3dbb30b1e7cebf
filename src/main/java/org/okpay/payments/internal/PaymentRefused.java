package org.okpay.payments.internal;

import java.util.Map;
import org.okpay.payments.PaymentResultCode;
import org.okpay.shared.OkPayException;

/**
 * A guard's refusal: the client sees its {@link OkPayException} as before; the engine and the
 * guard-order test see which guard it was.
 */
final class PaymentRefused extends OkPayException {

  private final transient PaymentResultCode resultCode;

  PaymentRefused(PaymentResultCode resultCode, Map<String, Object> properties) {
    super(resultCode.errorCode(), properties);
    this.resultCode = resultCode;
  }

  /** The same answer as {@code refusal} (code, properties, message), named as a guard. */
  PaymentRefused(PaymentResultCode resultCode, OkPayException refusal) {
    super(refusal.errorCode(), refusal.properties(), refusal.messageArgs());
    this.resultCode = resultCode;
  }

  PaymentResultCode resultCode() {
    return resultCode;
  }
}
