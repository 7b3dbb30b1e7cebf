package org.okpay.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An expected failure that a client should see: it carries a stable {@link ErrorCode}, the
 * arguments of its localized message, and extra problem properties (for example the field at
 * fault or what remains of a limit).
 */
public class OkPayException extends RuntimeException {

  private final ErrorCode errorCode;
  private final transient Object[] messageArgs;
  private final transient Map<String, Object> properties;

  public OkPayException(ErrorCode errorCode, Object... messageArgs) {
    this(errorCode, Map.of(), messageArgs);
  }

  public OkPayException(ErrorCode errorCode, Map<String, Object> properties, Object... messageArgs) {
    super(errorCode.code(), null, false, false);
    this.errorCode = Objects.requireNonNull(errorCode);
    this.messageArgs = messageArgs.clone();
    this.properties = new LinkedHashMap<>(properties);
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public Object[] messageArgs() {
    return messageArgs.clone();
  }

  public Map<String, Object> properties() {
    return Map.copyOf(properties);
  }
}
