package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  private static final String PASSWORD = IdentityApiTest.PASSWORD;
  private static final String NEW_PASSWORD = "Copper-Finch-Meadow-2846";
  private static final String ADMIN = "test-admin-token";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;
  @Autowired IdentityApi identity;
  @Autowired SessionStore sessions;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theTakeoverSequenceFromTheIssueNoLongerWorks() throws Exception {
    String email = verifiedUser();
    String thief = signIn(email);
    String userId = me(thief).get("id").asString();
    // The thief asks to move the account to their address before the owner notices.
    String thiefEmail = "thief-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    assertThat(post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail", thiefEmail),
        thief).statusCode()).isEqualTo(202);
    String pendingChange = token(link(thiefEmail, EmailTemplate.VERIFY_EMAIL));

    // The owner (here from the same session: any session may press it) reports the account.
    assertThat(post("/api/v1/me/compromised", Map.of(), thief).statusCode()).isEqualTo(202);

    // The stolen password opens nothing: not the API, not the web sign-in.
    problem(tokens(email, PASSWORD, "en"), 403, "account_recovery_required");
    JsonNode zh = problem(tokens(email, PASSWORD, "zh-CN"), 403, "account_recovery_required");
    assertThat(zh.get("detail").asString()).contains("被盗");
    problem(tokens(email, "Not-The-Password-9931", "en"), 401, "invalid_credentials");
    assertRefused(() -> identity.startWebSignIn(email, PASSWORD, "127.0.0.1", "t"),
        ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    // The thief's token is gone, and the change of address asked for before the report is dead.
    assertThat(post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail", thiefEmail),
        thief).statusCode()).isEqualTo(401);
    problem(post("/api/v1/auth/email-change/confirm", Map.of("token", pendingChange), null), 410,
        "link_expired");
    assertThat(admin("GET", "/api/v1/admin/users/" + userId + "/recovery").body())
        .contains("\"stage\":\"AWAITING_RESET\"");

    // The owner uses the reset link from their mailbox and gets back in with a new password.
    String reset = token(link(email, EmailTemplate.PASSWORD_RESET));
    assertThat(post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD), null).statusCode()).isEqualTo(204);
    problem(tokens(email, PASSWORD, "en"), 401, "invalid_credentials");
    String owner = json.readTree(tokens(email, NEW_PASSWORD, "en").body()).get("token").asString();
    JsonNode me = me(owner);
    assertThat(me.get("email").asString()).isEqualTo(email);
    assertThat(me.get("frozen").asBoolean()).as("still frozen for sending").isTrue();
    JsonNode state = json.readTree(admin("GET", "/api/v1/admin/users/" + userId + "/recovery")
        .body());
    assertThat(state.get("stage").asString()).isEqualTo("AWAITING_UNFREEZE");
    assertThat(Instant.parse(state.get("recoveredAt").asString()))
        .isAfter(Instant.parse(state.get("reportedAt").asString()));
    assertThat(walletStatuses(userId)).containsOnly(AccountStatus.FROZEN);
    // Recovered: the owner may change things again.
    assertThat(post("/api/v1/me/password", Map.of("currentPassword", NEW_PASSWORD,
        "newPassword", PASSWORD), owner).statusCode()).isEqualTo(204);

    assertThat(admin("POST", "/api/v1/admin/users/" + userId + "/unfreeze").statusCode())
        .isEqualTo(204);
    assertThat(me(owner).get("frozen").asBoolean()).isFalse();
    assertThat(identity.recoveryState(UUID.fromString(userId)).stage())
        .isEqualTo(IdentityApi.RecoveryState.Stage.NONE);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> walletStatuses(userId), s -> s.equals(List.of(AccountStatus.ACTIVE)));
  }

  @Test
  void aSessionThatOutlivedTheReportCannotChangeWhatTakesAnAccount() throws Exception {
    String email = verifiedUser();
    String token = signIn(email);
    UUID userId = UUID.fromString(me(token).get("id").asString());
    assertThat(post("/api/v1/me/compromised", Map.of(), token).statusCode()).isEqualTo(202);
    // Every session ended with the report; one that slipped through (say, a sign-in racing
    // the report) still changes nothing that would hand the account over.
    String raced = rawSession(userId);

    problem(post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail",
        "x-" + UUID.randomUUID() + "@example.com"), raced), 403, "account_recovery_required");
    problem(post("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
        "newPassword", NEW_PASSWORD), raced), 403, "account_recovery_required");
    problem(request("PUT", "/api/v1/me/phone", Map.of("phone", "+8613800138000"), raced), 403,
        "account_recovery_required");
    problem(request("DELETE", "/api/v1/me/phone", null, raced), 403,
        "account_recovery_required");
    problem(post("/api/v1/me/two-factor", Map.of(), raced), 403, "account_recovery_required");
    problem(request("DELETE", "/api/v1/me/two-factor", Map.of("code", "123456"), raced), 403,
        "account_recovery_required");
  }

  @Test
  void aTwoFactorChallengeOpenedWithTheStolenPasswordCannotFinish() throws Exception {
    String email = verifiedUser();
    String token = signIn(email);
    JsonNode setup = json.readTree(post("/api/v1/me/two-factor", Map.of(), token).body());
    byte[] secret = TotpCodes.fromBase32(setup.get("secret").asString());
    HttpResponse<String> confirmed = post("/api/v1/me/two-factor/confirm",
        Map.of("code", code(secret, 0)), token);
    assertThat(confirmed.statusCode()).isBetween(200, 201);
    String recoveryCode = json.readTree(confirmed.body()).get("recoveryCodes").get(0).asString();
    PasswordChecked checked = identity.startWebSignIn(email, PASSWORD, "127.0.0.1", "t");
    String challenge = ((PasswordChecked.SecondFactorNeeded) checked).challenge();

    assertThat(post("/api/v1/me/compromised", Map.of(), token).statusCode()).isEqualTo(202);

    assertRefused(() -> identity.finishWebSignIn(challenge, SecondFactor.of(code(secret, 1)),
        "127.0.0.1", "t"), ErrorCode.ACCOUNT_RECOVERY_REQUIRED);
    problem(post("/api/v1/auth/tokens", Map.of("email", email, "password", PASSWORD,
        "totp", code(secret, 1)), null), 403, "account_recovery_required");
    // The reset needs the second factor too, then the new password and a code sign in.
    String reset = token(link(email, EmailTemplate.PASSWORD_RESET));
    problem(post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD), null), 401, "second_factor_required");
    assertThat(post("/api/v1/auth/password-reset/confirm", Map.of("token", reset,
        "newPassword", NEW_PASSWORD, "totp", code(secret, 1)), null).statusCode()).isEqualTo(204);
    assertThat(post("/api/v1/auth/tokens", Map.of("email", email, "password", NEW_PASSWORD,
        "recoveryCode", recoveryCode), null).statusCode()).isEqualTo(201);
  }

  // --- helpers -----------------------------------------------------------------------------

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

  private static String code(byte[] secret, int offsetSteps) {
    return TotpCodes.code(secret, TotpCodes.step(Instant.now()) + offsetSteps);
  }

  private static void assertRefused(Runnable action, ErrorCode code) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(OkPayException.class,
        e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  private String verifiedUser() throws Exception {
    String email = "h-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD,
        "displayName", "Pat", "language", "en", "country", "US", "defaultCurrency", "USD"), null);
    assertThat(post("/api/v1/auth/verify-email",
        Map.of("token", token(link(email, EmailTemplate.VERIFY_EMAIL))), null).statusCode())
        .isEqualTo(204);
    // The wallet is opened from the verification (by payments, from identity's event).
    String userId = me(signIn(email)).get("id").asString();
    await().atMost(Duration.ofSeconds(10)).until(() -> walletStatuses(userId), s -> !s.isEmpty());
    return email;
  }

  private String link(String email, EmailTemplate template) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 10).stream()
        .filter(m -> m.template() == template).map(m -> m.links().getFirst()).findFirst()
        .orElse(null), l -> l != null);
  }

  private static String token(String link) {
    return link.substring(link.indexOf("token=") + 6);
  }

  private String signIn(String email) throws Exception {
    HttpResponse<String> response = tokens(email, PASSWORD, "en");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  private HttpResponse<String> tokens(String email, String password, String language)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/api/v1/auth/tokens"))
        .header("Content-Type", "application/json").header("Accept-Language", language)
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            Map.of("email", email, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode me(String token) throws Exception {
    return json.readTree(request("GET", "/api/v1/me", null, token).body());
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, ?> body, String token)
      throws Exception {
    return request("POST", path, body, token);
  }

  private HttpResponse<String> request(String method, String path, Map<String, ?> body,
      String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
