package org.okpay.merchants.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.MerchantsApi.ApiKey;
import org.okpay.merchants.MerchantsApi.NewKey;
import org.okpay.merchants.TestMerchants;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Times of keys with a controlled "now" (the authenticator takes the instant the clock would
 * give): last use written at most once a minute, and a rolled key that works until its grace
 * period ends and not a moment after.
 */
@OkPayTest
class ApiKeyTimesTest {

  @Autowired TestMerchants merchants;
  @Autowired MerchantsApi api;
  @Autowired ApiKeyAuthenticator authenticator;

  @Test
  void lastUseIsWrittenAtMostOnceAMinute() {
    TestMerchants.Created m = merchants.merchant().create();
    Instant t0 = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    assertThat(authenticator.authenticate(m.secretKey(), t0)).isPresent();
    assertThat(lastUsed(m)).isEqualTo(t0);

    assertThat(authenticator.authenticate(m.secretKey(), t0.plusSeconds(30))).isPresent();
    assertThat(authenticator.authenticate(m.secretKey(), t0.plusSeconds(59))).isPresent();
    assertThat(lastUsed(m)).as("within the minute: not written").isEqualTo(t0);

    assertThat(authenticator.authenticate(m.secretKey(), t0.plusSeconds(60))).isPresent();
    assertThat(lastUsed(m)).isEqualTo(t0.plusSeconds(60));
  }

  @Test
  void theTouchIsAConditionalUpdateSoARaceWritesOnce() {
    TestMerchants.Created m = merchants.merchant().create();
    UUID keyId = secretKey(m).id();
    Instant t0 = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    ApiKeyStore store = keys;

    assertThat(store.touch(keyId, t0)).isTrue();
    // Two requests that both read "last used long ago" then race: only the first UPDATE writes.
    assertThat(store.touch(keyId, t0.plusSeconds(1))).isFalse();
    assertThat(store.touch(keyId, t0.plusSeconds(61))).isTrue();
    assertThat(lastUsed(m)).isEqualTo(t0.plusSeconds(61));
  }

  @Autowired ApiKeyStore keys;

  @Test
  void aRolledKeyWorksUntilItsGracePeriodEndsThenIsRefused() {
    TestMerchants.Created m = merchants.merchant().create();
    ApiKey old = secretKey(m);

    NewKey next = api.rollKey(TestMerchants.current(m.owner()), m.merchantId(), old.id(),
        Duration.ofDays(7));

    Instant expiresAt = next.key().createdAt().plus(Duration.ofDays(7));
    assertThat(authenticator.authenticate(m.secretKey(), expiresAt.minusSeconds(1))).isPresent();
    assertThat(authenticator.authenticate(m.secretKey(), expiresAt)).isEmpty();
    assertThat(authenticator.authenticate(m.secretKey(), expiresAt.plusSeconds(3600))).isEmpty();
    assertThat(authenticator.authenticate(next.secret(), expiresAt.plusSeconds(3600)))
        .hasValueSatisfying(caller -> assertThat(caller.apiKeyId()).isEqualTo(next.key().id()));
  }

  private ApiKey secretKey(TestMerchants.Created m) {
    return api.keys(TestMerchants.current(m.owner()), m.merchantId()).stream()
        .filter(k -> k.kind() == ApiKey.Kind.SECRET).findFirst().orElseThrow();
  }

  private Instant lastUsed(TestMerchants.Created m) {
    return secretKey(m).lastUsedAt();
  }
}
