package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Support lifted a freeze (after "my account was hacked"): money may leave the user's accounts
 * again. Payments unfreezes the wallets from it; {@link IdentityApi#frozen} is already false.
 */
public record AccountUnfrozen(UUID userId, Instant at) {
}
