package org.okpay.shared.internal;

import java.io.IOException;

/** Thrown while reading a request body that grows past the configured limit. */
class PayloadTooLargeException extends IOException {

  PayloadTooLargeException(long limitBytes) {
    super("request body larger than " + limitBytes + " bytes");
  }

  static PayloadTooLargeException findIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException found) {
        return found;
      }
    }
    return null;
  }
}
