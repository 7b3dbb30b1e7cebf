package org.okpay.payments.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.okpay.payments.OperationType;
import org.okpay.payments.PaymentRequest;
import org.springframework.stereotype.Component;

/**
 * Every {@link OperationType} bean, by key: the built-in ones and those other modules register.
 * The engine names no operation; it asks here.
 */
@Component
class OperationTypes {

  static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private final Map<String, OperationType> byKey = new HashMap<>();

  OperationTypes(List<OperationType> types) {
    for (OperationType type : types) {
      if (!KEY.matcher(type.key()).matches()) {
        throw new IllegalStateException("operation type key must match " + KEY + ": "
            + type.key());
      }
      if (byKey.putIfAbsent(type.key(), type) != null) {
        throw new IllegalStateException("two operation types with the key " + type.key());
      }
    }
  }

  OperationType of(String key) {
    OperationType type = byKey.get(key);
    if (type == null) {
      throw new IllegalStateException("no operation type " + key);
    }
    return type;
  }

  OperationType of(PaymentRequest request) {
    return of(request.operationKey());
  }

  /** Keys of the types whose completed transactions a bank may still send back. */
  List<String> returnableKeys() {
    return byKey.values().stream().filter(OperationType::returnable).map(OperationType::key)
        .sorted().toList();
  }
}
