package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user pressed "my account was hacked": the account is frozen ({@link IdentityApi#frozen} is
 * true from the same commit) and signed out everywhere. Payments freezes the wallets from it;
 * the support module opens an urgent case from it.
 */
public record AccountCompromiseReported(UUID userId, String email, Instant at, String ip) {
}
