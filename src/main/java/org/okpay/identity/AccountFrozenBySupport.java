package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A support agent froze a user's outgoing money ({@link IdentityApi#frozen} is true from the
 * same commit). Payments freezes the wallets from it, as it does after
 * {@link AccountCompromiseReported}; {@link AccountUnfrozen} lifts either.
 */
public record AccountFrozenBySupport(UUID userId, Instant at) {
}
