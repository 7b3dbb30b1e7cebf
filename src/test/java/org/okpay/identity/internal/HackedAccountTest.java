package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.okpay.identity.internal.IdentityHttp.NEW_PASSWORD;
import static org.okpay.identity.internal.IdentityHttp.PASSWORD;
import static org.okpay.identity.internal.IdentityHttp.code;
import static org.okpay.identity.internal.IdentityHttp.token;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.PasswordChecked;
import org.okpay.identity.SecondFactor;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, item 1: after "my account was hacked" the stolen password opens nothing and the
 * thief's way to take the account (a new e-mail address) is shut, until the owner uses the
 * e-mailed reset link; sending then stays frozen until support unfreezes it.
 */
@OkPayTest
class HackedAccountTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;
  @Autowired IdentityApi identity;
  @Autowired SessionStore sessions;

  private IdentityHttp api;

  @BeforeEach
  void setUp() {
    api = new IdentityHttp(port, json, mailbox);
  }

  @Test
  void theTakeoverSequenceFromTheIssueNoLongerWorks() throws Exception {
    String email = api.verified();
    String thief = api.signIn(email);
    String userId = api.me(thief).get("id").asString();
    // The wallet is opened from the verification (by payments, on identity's event).
    await().atMost(Duration.ofSeconds(10)).until(() -> walletStatuses(userId), s -> !s.isEmpty());
    // The thief asks to move the account to their address before the owner notices.
    String thiefEmail = "thief-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    assertThat(api.post("/api/v1/me/email", Map.of("password", PASSWORD,
        "newEmail", thiefEmail), thief).statusCode()).isEqualTo(202);
    String pendingChange = token(api.link(thiefEmail, EmailTemplate.VERIFY_EMAIL));

    // The owner reports the account (any of its sessions may press the button).
    assertThat(api.post("/api/v1/me/compromised", Map.of(), thief).statusCode()).isEqualTo(202);

    // The stolen password opens nothing: not the API, not the web sign-in.
    api.problem(api.tokens(email, PASSWORD, "en"), 403, "account_recovery_required");
    JsonNode zh = api.problem(api.tokens(email, PASSWORD, "zh-CN"), 403,
        "account_recovery_required");
    assertThat(zh.get("detail").asString()).contains("被盗");
    api.problem(api.tokens(email, "Not-The-Password-9931", "en"), 401, "invalid_credentials");
    assertRefused(() -> identity.startWebSignIn(email, PASSWORD, "127.0.0.1", "t"),
        ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    // The thief's token is gone, and the change of address asked for before the report is dead.
    assertThat(api.post("/api/v1/me/email", Map.of("password", PASSWORD,
        "newEmail", thiefEmail), thief).statusCode()).isEqualTo(401);
    api.problem(api.post("/api/v1/auth/email-change/confirm", Map.of("token", pendingChange),
        null), 410, "link_expired");
    assertThat(api.read(api.admin("GET", "/api/v1/admin/users/" + userId + "/recovery"))
        .get("stage").asString()).isEqualTo("AWAITING_RESET");

    // The owner uses the reset link from their mailbox and gets back in with a new password.
    String reset = token(api.link(email, EmailTemplate.PASSWORD_RESET));
    assertThat(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD), null).statusCode()).isEqualTo(204);
    api.problem(api.tokens(email, PASSWORD, "en"), 401, "invalid_credentials");
    String owner = api.read(api.tokens(email, NEW_PASSWORD, "en")).get("token").asString();
    JsonNode me = api.me(owner);
    assertThat(me.get("email").asString()).isEqualTo(email);
    assertThat(me.get("frozen").asBoolean()).as("still frozen for sending").isTrue();
    JsonNode state = api.read(api.admin("GET", "/api/v1/admin/users/" + userId + "/recovery"));
    assertThat(state.get("stage").asString()).isEqualTo("AWAITING_UNFREEZE");
    assertThat(Instant.parse(state.get("recoveredAt").asString()))
        .isAfter(Instant.parse(state.get("reportedAt").asString()));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> walletStatuses(userId), s -> s.equals(List.of(AccountStatus.FROZEN)));
    // Recovered: the owner may change things again.
    assertThat(api.post("/api/v1/me/password", Map.of("currentPassword", NEW_PASSWORD,
        "newPassword", PASSWORD), owner).statusCode()).isEqualTo(204);

    assertThat(api.admin("POST", "/api/v1/admin/users/" + userId + "/unfreeze").statusCode())
        .isEqualTo(204);
    assertThat(api.me(owner).get("frozen").asBoolean()).isFalse();
    assertThat(identity.recoveryState(UUID.fromString(userId)).stage())
        .isEqualTo(IdentityApi.RecoveryState.Stage.NONE);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> walletStatuses(userId), s -> s.equals(List.of(AccountStatus.ACTIVE)));
  }

  @Test
  void aSessionThatOutlivedTheReportCannotChangeWhatTakesAnAccount() throws Exception {
    String email = api.verified();
    String token = api.signIn(email);
    UUID userId = UUID.fromString(api.me(token).get("id").asString());
    assertThat(api.post("/api/v1/me/compromised", Map.of(), token).statusCode()).isEqualTo(202);
    // Every session ended with the report; one that slipped through (say, a sign-in racing
    // the report) still changes nothing that would hand the account over.
    String raced = rawSession(userId);

    api.problem(api.post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail",
        "x-" + UUID.randomUUID() + "@example.com"), raced), 403, "account_recovery_required");
    api.problem(api.post("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
        "newPassword", NEW_PASSWORD), raced), 403, "account_recovery_required");
    api.problem(api.request("PUT", "/api/v1/me/phone", Map.of("phone", "+8613800138000"), raced),
        403, "account_recovery_required");
    api.problem(api.request("DELETE", "/api/v1/me/phone", null, raced), 403,
        "account_recovery_required");
    api.problem(api.post("/api/v1/me/two-factor", Map.of(), raced), 403,
        "account_recovery_required");
    api.problem(api.request("DELETE", "/api/v1/me/two-factor", Map.of("code", "123456"), raced),
        403, "account_recovery_required");
  }

  @Test
  void aTwoFactorChallengeOpenedWithTheStolenPasswordCannotFinish() throws Exception {
    IdentityHttp.Enrolled user = api.enrolled();
    PasswordChecked checked = identity.startWebSignIn(user.email(), PASSWORD, "127.0.0.1", "t");
    String challenge = ((PasswordChecked.SecondFactorNeeded) checked).challenge();

    assertThat(api.post("/api/v1/me/compromised", Map.of(), user.token()).statusCode())
        .isEqualTo(202);

    assertRefused(() -> identity.finishWebSignIn(challenge,
        SecondFactor.of(code(user.secret(), 1)), "127.0.0.1", "t"),
        ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    api.problem(api.post("/api/v1/auth/tokens", Map.of("email", user.email(),
        "password", PASSWORD, "totp", code(user.secret(), 1)), null), 403,
        "account_recovery_required");
    // The reset needs the second factor too; then the new password and a code sign in.
    String reset = token(api.link(user.email(), EmailTemplate.PASSWORD_RESET));
    api.problem(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD), null), 401, "second_factor_required");
    assertThat(api.post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD, "totp", code(user.secret(), 1)), null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> back = api.post("/api/v1/auth/tokens", Map.of("email", user.email(),
        "password", NEW_PASSWORD, "recoveryCode", user.recoveryCodes().getFirst()), null);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(201);
  }

  private List<AccountStatus> walletStatuses(String userId) {
    return ledger.accountsOf(OwnerType.CUSTOMER, userId).stream().map(a -> a.status()).toList();
  }

  /** A live API session inserted directly, as if a sign-in had raced the report. */
  private String rawSession(UUID userId) {
    String secret = Secrets.newToken(IdentityService.SESSION_TOKEN_BYTES);
    Instant now = Instant.now();
    sessions.insert(UUID.randomUUID(), userId, "api", Secrets.sha256(secret), "127.0.0.1", "t",
        now, Duration.ofHours(1), now.plus(Duration.ofHours(1)));
    return secret;
  }

  static void assertRefused(Runnable action, ErrorCode code) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(OkPayException.class,
        e -> assertThat(e.errorCode()).isEqualTo(code));
  }
}
