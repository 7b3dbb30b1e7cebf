package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user confirmed their e-mail address from the link. Payments opens their wallet in
 * {@code defaultCurrency} (ISO 4217) from it; identity opens no ledger account itself.
 */
public record UserVerified(UUID userId, String defaultCurrency, Instant at) {
}
