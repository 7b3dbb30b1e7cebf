package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.identity.internal.IdentityHttp.NEW_PASSWORD;
import static org.okpay.identity.internal.IdentityHttp.PASSWORD;
import static org.okpay.identity.internal.IdentityHttp.code;
import static org.okpay.identity.internal.IdentityHttp.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, items 12 and 4: five wrong passwords lock an address whether or not it has an
 * account, with the same answers, so the lock tells nobody who is a customer; and the owner of a
 * locked account gets in at once with the e-mailed reset link (with two-factor too), while
 * guessing codes through the reset stays bounded.
 */
@OkPayTest
class LockoutWithoutEnumerationTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;

  private IdentityHttp api;

  @BeforeEach
  void setUp() {
    api = new IdentityHttp(port, json, mailbox);
  }

  @Test
  void anUnknownAddressLocksExactlyLikeARegisteredOne() throws Exception {
    String known = api.registered();
    String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    for (int attempt = 1; attempt <= 7; attempt++) {
      // The last try gives the registered address its right password: still locked.
      String password = attempt == 7 ? PASSWORD : "Wrong-Password-For-Sure-" + attempt;
      HttpResponse<String> a = api.tokens(known, password, "en");
      HttpResponse<String> b = api.tokens(unknown, password, "en");
      assertThat(b.statusCode()).as("attempt " + attempt).isEqualTo(a.statusCode())
          .isEqualTo(attempt < 5 ? 401 : 423);
      JsonNode x = api.read(a);
      JsonNode y = api.read(b);
      assertThat(names(y)).as("attempt " + attempt).isEqualTo(names(x));
      for (String field : new String[] {"code", "title", "unlock", "retryable"}) {
        assertThat(String.valueOf(y.get(field))).as(field).isEqualTo(String.valueOf(x.get(field)));
      }
      if (attempt >= 5) {
        assertThat(withoutTimes(y.get("advice").asString()))
            .isEqualTo(withoutTimes(x.get("advice").asString()));
        assertThat(Duration.between(Instant.parse(x.get("lockedUntil").asString()),
            Instant.parse(y.get("lockedUntil").asString())).abs())
            .isLessThan(Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void theOwnerOfALockedAccountGetsInWithTheResetLinkWithoutWaiting() throws Exception {
    String email = api.registered();
    for (int i = 0; i < 5; i++) {
      api.tokens(email, "Wrong-Password-For-Sure-" + i, "en");
    }
    JsonNode locked = api.problem(api.tokens(email, PASSWORD, "en"), 423, "account_locked");
    assertThat(locked.get("unlock").asString()).isEqualTo("wait_or_reset_password");
    assertThat(locked.get("advice").asString()).contains("reset your password");
    assertThat(api.problem(api.tokens(email, PASSWORD, "zh-CN"), 423, "account_locked")
        .get("advice").asString()).contains("重置密码");

    assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", email), null)
        .statusCode()).isEqualTo(202);
    String reset = token(api.link(email, EmailTemplate.PASSWORD_RESET));
    assertThat(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD), null).statusCode()).isEqualTo(204);

    assertThat(api.tokens(email, NEW_PASSWORD, "en").statusCode()).isEqualTo(201);
  }

  @Test
  void aLockedOwnerWithTwoFactorResetsWithTheCodeAndGuessingThereIsBounded() throws Exception {
    IdentityHttp.Enrolled owner = api.enrolled();
    IdentityHttp.Enrolled guessed = api.enrolled();
    for (IdentityHttp.Enrolled user : new IdentityHttp.Enrolled[] {owner, guessed}) {
      for (int i = 0; i < 5; i++) {
        api.tokens(user.email(), "Wrong-Password-For-Sure-" + i, "en");
      }
      api.problem(api.tokens(user.email(), PASSWORD, "en"), 423, "account_locked");
      assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", user.email()), null)
          .statusCode()).isEqualTo(202);
    }

    // The owner: the link and the code from the app open the locked account at once.
    String reset = token(api.link(owner.email(), EmailTemplate.PASSWORD_RESET));
    assertThat(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD, "totp", code(owner.secret(), 1)), null).statusCode())
        .isEqualTo(204);
    assertThat(api.post("/api/v1/auth/tokens", Map.of("email", owner.email(),
        "password", NEW_PASSWORD, "recoveryCode", owner.recoveryCodes().getFirst()), null)
        .statusCode()).isEqualTo(201);

    // Someone with the mailbox but not the app: five wrong codes, then even a right one is
    // refused for the day, so the reset is no way around the lockout for guessing codes.
    String stolen = token(api.link(guessed.email(), EmailTemplate.PASSWORD_RESET));
    for (int i = 0; i < TwoFactorService.RESET_CODE_FAILURES_PER_DAY; i++) {
      api.problem(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", stolen,
          "newPassword", NEW_PASSWORD, "recoveryCode", "wrong-" + i), null), 401,
          "invalid_second_factor");
    }
    api.problem(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", stolen,
        "newPassword", NEW_PASSWORD, "totp", code(guessed.secret(), 1)), null), 423,
        "account_locked");
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.propertyNames().forEach(names::add);
    return names;
  }

  static String withoutTimes(String text) {
    // The lock's end in the reader's zone (issue 12) and how long from now, in either language.
    return text
        .replaceAll("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2}[\\s\\u202f\\u00a0][AP]M",
            "<time>")
        .replaceAll("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{1,2}:\\d{2}", "<time>")
        .replaceAll("\\d+ (minutes?|分钟)", "<minutes>");
  }
}
