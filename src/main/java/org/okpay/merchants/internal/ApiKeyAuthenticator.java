package org.okpay.merchants.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.okpay.merchants.MerchantCaller;
import org.springframework.stereotype.Component;

/**
 * Turns a presented secret into the {@link MerchantCaller} of its key: well formed, known by its
 * SHA-256, neither revoked nor expired. Every failure is the same empty answer, so a caller
 * learns nothing about which keys exist.
 */
@Component
class ApiKeyAuthenticator {

  private final ApiKeyStore keys;
  private final Clock clock;

  ApiKeyAuthenticator(ApiKeyStore keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  Optional<MerchantCaller> authenticate(String secret) {
    return authenticate(secret, clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  Optional<MerchantCaller> authenticate(String secret, Instant now) {
    if (!ApiKeySecrets.wellFormed(secret)) {
      return Optional.empty();
    }
    return keys.usable(ApiKeySecrets.sha256(secret), now).map(found -> {
      // Skips the UPDATE when the read shows a use within the minute; the UPDATE itself is
      // conditional, so concurrent requests still write at most once a minute.
      if (found.lastUsedAt() == null
          || !found.lastUsedAt().isAfter(now.minus(ApiKeyStore.LAST_USED_GRANULARITY))) {
        keys.touch(found.id(), now);
      }
      return new MerchantCaller(found.merchantId(), found.id(), null, found.scopes());
    });
  }
}
