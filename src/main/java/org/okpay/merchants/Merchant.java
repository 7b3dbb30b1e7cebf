package org.okpay.merchants;

import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;

/**
 * A business that takes payments through OKPay.
 *
 * @param refundWindowDays how long after a payment a customer may ask for a refund (1..365)
 * @param verifiedAt when verification passed; null unless {@link Verification#VERIFIED}
 */
public record Merchant(UUID id, UUID ownerUserId, String businessName, MerchantCategory category,
    String country, String website, String supportEmail, Currency settlementCurrency,
    String refundPolicy, int refundWindowDays, Verification verification, Instant verifiedAt,
    Instant createdAt) {

  /** Know-your-business state: the sandbox verifies at once; a real operator plugs in KYB. */
  public enum Verification {
    PENDING, VERIFIED, REJECTED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Verification fromKey(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  public boolean verified() {
    return verification == Verification.VERIFIED;
  }
}
