package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.MailboxMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verification and reset links as a user gets them: read from the e-mail (the development
 * mailbox of the default configuration), followed over HTTP. Single use, a newer link kills
 * older ones, expiry, and what a reset ends and lifts.
 */
@OkPayTest
class AccountRecoveryTest {

  static final String PASSWORD = IdentityApiTest.PASSWORD;
  static final String NEW_PASSWORD = "Copper-Finch-Meadow-2846";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void verificationLinkConfirmsTheAddressOnceAndOpensTheWallet() throws Exception {
    String email = register();
    String link = link(email, EmailTemplate.VERIFY_EMAIL);
    String token = token(link);
    String bearer = signIn(email, PASSWORD);

    assertThat(post("/api/v1/auth/verify-email", Map.of("token", token), null).statusCode())
        .isEqualTo(204);
    JsonNode me = json.readTree(get("/api/v1/me", bearer).body());
    assertThat(me.get("emailVerified").asBoolean()).isTrue();
    // Payments opens the wallet from identity's UserVerified event, just after the commit.
    String userId = me.get("id").asString();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> ledger.accountsOf(OwnerType.CUSTOMER, userId), a -> !a.isEmpty());
    assertThat(ledger.accountsOf(OwnerType.CUSTOMER, userId))
        .singleElement().satisfies(a -> {
          assertThat(a.currency().getCurrencyCode()).isEqualTo("CNY");
          assertThat(a.kind()).isEqualTo("wallet");
        });
    problem(post("/api/v1/auth/verify-email", Map.of("token", token), null), 410, "link_expired");
  }

  @Test
  void resetLinkWorksOnceEndsSessionsAndTellsTheOwner() throws Exception {
    String email = register();
    String oldSession = signIn(email, PASSWORD);
    requestReset(email);
    String token = token(link(email, EmailTemplate.PASSWORD_RESET));

    assertThat(post("/api/v1/auth/password-reset/confirm",
        Map.of("token", token, "newPassword", NEW_PASSWORD), null).statusCode()).isEqualTo(204);

    problem(get("/api/v1/me", oldSession), 401, "unauthorized");
    problem(signInResponse(email, PASSWORD), 401, "invalid_credentials");
    assertThat(signIn(email, NEW_PASSWORD)).isNotBlank();
    problem(post("/api/v1/auth/password-reset/confirm",
        Map.of("token", token, "newPassword", "Another-Fresh-Phrase-5521"), null), 410,
        "link_expired");
    assertThat(mail(email, EmailTemplate.PASSWORD_CHANGED)).isNotNull();
  }

  @Test
  void changingThePasswordEndsTheOtherSessionsButKeepsThisOne() throws Exception {
    String email = register();
    String here = signIn(email, PASSWORD);
    String elsewhere = signIn(email, PASSWORD);

    assertThat(post("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
        "newPassword", NEW_PASSWORD), here).statusCode()).isEqualTo(204);

    assertThat(get("/api/v1/me", here).statusCode()).isEqualTo(200);
    problem(get("/api/v1/me", elsewhere), 401, "unauthorized");
    problem(signInResponse(email, PASSWORD), 401, "invalid_credentials");
    assertThat(signIn(email, NEW_PASSWORD)).isNotBlank();
    assertThat(mail(email, EmailTemplate.PASSWORD_CHANGED)).isNotNull();
  }

  @Test
  void aNewerResetLinkKillsTheOlderOne() throws Exception {
    String email = register();
    requestReset(email);
    String first = token(link(email, EmailTemplate.PASSWORD_RESET));
    requestReset(email);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        mailbox.latest(email, 10).stream()
            .filter(m -> m.template() == EmailTemplate.PASSWORD_RESET).count() == 2);
    String second = token(link(email, EmailTemplate.PASSWORD_RESET));
    assertThat(second).isNotEqualTo(first);

    problem(post("/api/v1/auth/password-reset/confirm",
        Map.of("token", first, "newPassword", NEW_PASSWORD), null), 410, "link_expired");
    assertThat(post("/api/v1/auth/password-reset/confirm",
        Map.of("token", second, "newPassword", NEW_PASSWORD), null).statusCode()).isEqualTo(204);
  }

  @Test
  void anExpiredResetLinkIsRefused() throws Exception {
    String email = register();
    requestReset(email);
    String token = token(link(email, EmailTemplate.PASSWORD_RESET));
    // Thirty minutes pass: move the link's expiry into the past rather than wait.
    jdbc.sql("""
        update identity.email_tokens set expires_at = now() - interval '1 second'
         where token_hash = :hash""").param("hash", Secrets.sha256(token)).update();

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(
        uri("/reset-password?token=" + token)).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("id=\"reset-expired\"");
    problem(post("/api/v1/auth/password-reset/confirm",
        Map.of("token", token, "newPassword", NEW_PASSWORD), null), 410, "link_expired");
  }

  @Test
  void resetLiftsALockAndAnswersTheSameForUnknownAddresses() throws Exception {
    String email = register();
    for (int i = 0; i < 5; i++) {
      signInResponse(email, "Wrong-Password-For-Sure-" + i);
    }
    problem(signInResponse(email, PASSWORD), 423, "account_locked");

    HttpResponse<String> known = post("/api/v1/auth/password-reset", Map.of("email", email), null);
    HttpResponse<String> unknown = post("/api/v1/auth/password-reset",
        Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com"), null);
    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(unknown.body()).isEqualTo(known.body());

    String token = token(link(email, EmailTemplate.PASSWORD_RESET));
    post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword",
        NEW_PASSWORD), null);
    assertThat(signIn(email, NEW_PASSWORD)).isNotBlank();
  }

  @Test
  void registeringATakenAddressTellsItsOwnerInstead() throws Exception {
    String email = register();
    link(email, EmailTemplate.VERIFY_EMAIL);
    post("/api/v1/auth/register", registration(email), null);

    MailboxMessage notice = mail(email, EmailTemplate.GENERIC);
    assertThat(notice.subject()).contains("tried to open an OKPay account");
    assertThat(mailbox.latest(email, 10).stream()
        .filter(m -> m.template() == EmailTemplate.VERIFY_EMAIL).count()).isEqualTo(1);
  }

  @Test
  void changingTheEmailNeedsThePasswordAndALinkToTheNewAddress() throws Exception {
    String email = register();
    String bearer = signIn(email, PASSWORD);
    String newEmail = "n-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";

    problem(post("/api/v1/me/email", Map.of("password", "Wrong-Password-For-Sure-1",
        "newEmail", newEmail), bearer), 401, "invalid_credentials");
    assertThat(post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail", newEmail),
        bearer).statusCode()).isEqualTo(202);
    String token = token(link(newEmail, EmailTemplate.VERIFY_EMAIL));
    assertThat(post("/api/v1/auth/email-change/confirm", Map.of("token", token), null)
        .statusCode()).isEqualTo(204);

    JsonNode me = json.readTree(get("/api/v1/me", bearer).body());
    assertThat(me.get("email").asString()).isEqualTo(newEmail);
    assertThat(mail(email, EmailTemplate.GENERIC).text()).contains(newEmail);
    JsonNode inApp = await().atMost(Duration.ofSeconds(10)).until(
        () -> json.readTree(get("/api/v1/me/notifications", bearer).body()),
        n -> n.get("unread").asInt() >= 1);
    assertThat(inApp.get("notifications").get(0).get("body").asString()).contains(newEmail);
    assertThat(signIn(newEmail, PASSWORD)).isNotBlank();
    problem(post("/api/v1/auth/email-change/confirm", Map.of("token", token), null), 410,
        "link_expired");
  }

  @Test
  void anAddressTakenByAnotherAccountGetsNoLink() throws Exception {
    String taken = register();
    String bearer = signIn(register(), PASSWORD);

    assertThat(post("/api/v1/me/email", Map.of("password", PASSWORD, "newEmail", taken), bearer)
        .statusCode()).isEqualTo(202);
    // The request committed before it answered: had it queued a link, the outbox would hold a
    // second e-mail to that address by now (the first is its own registration link).
    assertThat(jdbc.sql("select count(*) from notify.outbox where recipient = :to")
        .param("to", taken).query(Integer.class).single()).isEqualTo(1);
  }

  // --- helpers -----------------------------------------------------------------------------

  private String register() throws Exception {
    String email = "r-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    assertThat(post("/api/v1/auth/register", registration(email), null).statusCode())
        .isEqualTo(202);
    return email;
  }

  private Map<String, String> registration(String email) {
    return Map.of("email", email, "password", PASSWORD, "displayName", "Rita",
        "language", "en", "country", "CN", "defaultCurrency", "CNY");
  }

  private void requestReset(String email) throws Exception {
    assertThat(post("/api/v1/auth/password-reset", Map.of("email", email), null).statusCode())
        .isEqualTo(202);
  }

  /** The newest e-mail of that kind to that address, once the dispatcher delivered it. */
  private MailboxMessage mail(String email, EmailTemplate template) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 10).stream()
        .filter(m -> m.template() == template).findFirst().orElse(null), m -> m != null);
  }

  private String link(String email, EmailTemplate template) {
    List<String> links = mail(email, template).links();
    assertThat(links).isNotEmpty();
    return links.getFirst();
  }

  private static String token(String link) {
    return link.substring(link.indexOf("token=") + "token=".length());
  }

  private String signIn(String email, String password) throws Exception {
    HttpResponse<String> response = signInResponse(email, password);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  private HttpResponse<String> signInResponse(String email, String password) throws Exception {
    return post("/api/v1/auth/tokens", Map.of("email", email, "password", password), null);
  }

  private HttpResponse<String> post(String path, Map<String, String> body, String bearer)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String bearer) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private void problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
  }
}
