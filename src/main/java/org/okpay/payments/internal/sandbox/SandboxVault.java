package org.okpay.payments.internal.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.okpay.payments.PaymentRail.CardToken;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox's card vault. The number and CVC are checked and then forgotten: only the token,
 * the scenario the number stands for, brand, last four digits, expiry and an HMAC fingerprint
 * are written (sandbox.cards). Nothing here logs a number or a CVC.
 */
@Component
class SandboxVault {

  static final int YEAR_MIN = 2000;
  static final int YEAR_MAX = 2199;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC = "HmacSHA256";

  record VaultCard(String token, CardScenario scenario, String brand, String last4,
      int expiryMonth, int expiryYear, String fingerprint) {
  }

  private final JdbcClient jdbc;
  private final SecretKeySpec fingerprintKey;

  SandboxVault(JdbcClient jdbc, SandboxProperties properties) {
    this.jdbc = jdbc;
    this.fingerprintKey = new SecretKeySpec(
        properties.fingerprintKey().getBytes(StandardCharsets.UTF_8), HMAC);
  }

  /** Call in the rail's own transaction. */
  CardToken tokenize(String number, int expiryMonth, int expiryYear, String cvc, Instant now) {
    String digits = CardNumbers.digits(number);
    if (digits == null) {
      throw FieldErrors.of("number", FieldErrors.FORMAT).exception(ErrorCode.CARD_NUMBER_INVALID);
    }
    requireShape(expiryMonth, expiryYear, cvc);
    VaultCard card = new VaultCard("tok_sbx_" + randomHex(12), CardScenario.of(digits),
        CardNumbers.brand(digits), digits.substring(digits.length() - 4), expiryMonth,
        expiryYear, fingerprint(digits));
    jdbc.sql("""
        insert into sandbox.cards (token, scenario, brand, last4, expiry_month, expiry_year,
               fingerprint, created_at)
        values (:token, :scenario, :brand, :last4, :month, :year, :fingerprint, :now)
        """).param("token", card.token()).param("scenario", card.scenario().key())
        .param("brand", card.brand()).param("last4", card.last4())
        .param("month", card.expiryMonth()).param("year", card.expiryYear())
        .param("fingerprint", card.fingerprint())
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update();
    return new CardToken(card.token(), card.brand(), card.last4(), card.expiryMonth(),
        card.expiryYear(), card.fingerprint());
  }

  /**
   * A replacement card with the same number: the new expiry date is kept, the CVC checked and
   * forgotten. The test card that stands for "expired" ({@link CardScenario#EXPIRED_CARD}) is
   * approved once updated, as a real card is once the issuer's new date is on file. Call in the
   * rail's own transaction.
   */
  CardToken update(CardToken card, int expiryMonth, int expiryYear, String cvc) {
    requireShape(expiryMonth, expiryYear, cvc);
    int rows = jdbc.sql("""
        update sandbox.cards
           set expiry_month = :month, expiry_year = :year,
               scenario = case when scenario = :expired then :approves else scenario end
         where token = :token
        """).param("month", expiryMonth).param("year", expiryYear)
        .param("expired", CardScenario.EXPIRED_CARD.key())
        .param("approves", CardScenario.APPROVES.key()).param("token", card.token()).update();
    if (rows != 1) {
      throw new IllegalArgumentException("the vault has no card " + card.token());
    }
    return new CardToken(card.token(), card.brand(), card.last4(), expiryMonth, expiryYear,
        card.fingerprint());
  }

  Optional<VaultCard> find(String token) {
    return jdbc.sql("""
        select token, scenario, brand, last4, expiry_month, expiry_year, fingerprint
          from sandbox.cards where token = :token
        """).param("token", token)
        .query((rs, n) -> new VaultCard(rs.getString("token"),
            CardScenario.fromKey(rs.getString("scenario")), rs.getString("brand"),
            rs.getString("last4"), rs.getInt("expiry_month"), rs.getInt("expiry_year"),
            rs.getString("fingerprint")))
        .optional();
  }

  private static void requireShape(int expiryMonth, int expiryYear, String cvc) {
    List<Map<String, Object>> errors = new ArrayList<>();
    if (expiryMonth < 1 || expiryMonth > 12) {
      errors.add(FieldErrors.error("expiryMonth", FieldErrors.OUT_OF_RANGE));
    }
    if (expiryYear < YEAR_MIN || expiryYear > YEAR_MAX) {
      errors.add(FieldErrors.error("expiryYear", FieldErrors.OUT_OF_RANGE));
    }
    if (cvc == null || !cvc.matches("[0-9]{3,4}")) {
      errors.add(FieldErrors.error("cvc", FieldErrors.FORMAT));
    }
    if (!errors.isEmpty()) {
      throw FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
    }
  }

  private String fingerprint(String digits) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(fingerprintKey);
      return HexFormat.of().formatHex(mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
