package org.okpay.identity.internal;

import java.time.Instant;

/** What an authenticator app shows, for tests in other packages that need a fresh code. */
public final class TotpTestCodes {

  private TotpTestCodes() {
  }

  /** The code of the time step {@code offset} steps from now (-1 and +1 are accepted too). */
  public static String code(String base32Secret, int offset) {
    return TotpCodes.code(TotpCodes.fromBase32(base32Secret),
        TotpCodes.step(Instant.now()) + offset);
  }
}
