package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** NIST-style password rules and Argon2id parameters no weaker than OWASP's minimum. */
class PasswordPolicyTest {

  private final PasswordPolicy policy = new PasswordPolicy();

  @Test
  void bundlesAtLeastTheHundredThousandMostCommonPasswords() {
    assertThat(policy.commonPasswordCount()).isGreaterThanOrEqualTo(100_000);
  }

  @Test
  void lengthIsCountedInCharactersOfAnyScript() {
    assertThat(policy.check("短密码短密码短密码短密")).contains(PasswordPolicy.Weakness.TOO_SHORT);
    assertThat(policy.check("银杏树下的猫咪喜欢晒太阳和喝茶")).isEmpty();
    assertThat(policy.check("x".repeat(129))).contains(PasswordPolicy.Weakness.TOO_LONG);
  }

  @Test
  void refusesCommonAndPersonalPasswordsWithoutCompositionRules() {
    assertThat(policy.check("123qweasdzxc")).contains(PasswordPolicy.Weakness.COMMON);
    assertThat(policy.check("jane.doe.example", "jane.doe@example.com"))
        .contains(PasswordPolicy.Weakness.GUESSABLE);
    // No upper case, no digit, no symbol: still fine when long and unusual.
    assertThat(policy.check("velvet otter harbor lantern")).isEmpty();
  }

  @Test
  void hashesWithArgon2idAtExplicitParameters() {
    PasswordHasher hasher = new PasswordHasher();
    String hash = hasher.hash("velvet otter harbor lantern");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.matches("velvet otter harbor lantern", hash)).isTrue();
    assertThat(hasher.matches("velvet otter harbor lanterns", hash)).isFalse();
    assertThat(hasher.needsRehash(hash)).isFalse();
    String weaker = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode("x");
    assertThat(hasher.needsRehash(weaker)).isTrue();
  }
}
