package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Delivers a phone number's confirmation code. OKPay ships one that e-mails the code to the
 * user's confirmed address (and says that a real deployment would send a text message); an
 * operator with an SMS gateway declares its own bean of this type, which replaces it.
 *
 * <p>Called inside the transaction that stores the code. The e-mail sender only queues a message
 * in the outbox, which commits with the code; a gateway called over the network here may send a
 * code whose transaction then rolls back (the user asks for a new one), and must not block for
 * long: queue the message, or keep a short timeout.
 */
public interface PhoneCodeSender {

  void send(PhoneCode code);

  /**
   * @param phone E.164, where a text message would go
   * @param code six digits
   * @param language the user's language ({@code en}, {@code zh-CN})
   * @param email the user's confirmed address
   */
  record PhoneCode(UUID userId, String phone, String code, Instant expiresAt, String language,
      String email, String displayName) {

    @Override
    public String toString() { // never the code itself in a log line
      return "PhoneCode[userId=" + userId + ", phone=" + phone + ", expiresAt=" + expiresAt + "]";
    }
  }
}
