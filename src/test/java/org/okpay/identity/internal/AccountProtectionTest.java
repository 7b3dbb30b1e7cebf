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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.TransferResultCode;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** "My account was hacked", support's unfreeze and unlock, new-device alerts, notifications. */
@OkPayTest
class AccountProtectionTest {

  private static final String PASSWORD = IdentityApiTest.PASSWORD;
  private static final String ADMIN = "test-admin-token";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;
  @Autowired ConfigurableApplicationContext context;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void hackedButtonFreezesOutgoingMoneySignsOutAndTellsEveryone() throws Exception {
    List<AccountCompromiseReported> reported = new CopyOnWriteArrayList<>();
    // Typed as any event: a lambda's generic type is erased, and Spring Modulith's persistent
    // multicaster does not skip a listener that cannot take an event (this one stays in the
    // shared context for every later test).
    context.addApplicationListener((ApplicationListener<ApplicationEvent>) e -> {
      if (e instanceof PayloadApplicationEvent<?> p
          && p.getPayload() instanceof AccountCompromiseReported r) {
        reported.add(r);
      }
    });
    String email = verifiedUser();
    String token = signIn(email, "curl/8");
    String other = signIn(email, "curl/8");
    String userId = me(token).get("id").asString();
    // Payments opens the wallet from identity's UserVerified event, just after the commit.
    Account wallet = await().atMost(Duration.ofSeconds(10))
        .until(() -> ledger.accountsOf(OwnerType.CUSTOMER, userId), a -> !a.isEmpty()).getFirst();
    LedgerFixture fixture = new LedgerFixture(ledger);
    fixture.fund(wallet, 5_000);
    Account friend = fixture.customer(wallet.currency());

    HttpResponse<String> pressed = post("/api/v1/me/compromised", "{}", token);

    assertThat(pressed.statusCode()).isEqualTo(202);
    assertThat(get("/api/v1/me", token).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/me", other).statusCode()).isEqualTo(401);
    // Sending is refused from the report's commit (identity's flag); payments freezes the
    // wallet in the ledger from the stored event moments later.
    await().atMost(Duration.ofSeconds(10)).until(
        () -> ledger.account(wallet.id()).orElseThrow().status() == AccountStatus.FROZEN);
    assertThat(ledger.transfer(LedgerFixture.posted(wallet.id(), friend.id(), 100,
        wallet.currency())).code()).isEqualTo(TransferResultCode.DEBIT_ACCOUNT_FROZEN);
    fixture.fund(wallet, 100); // receiving still works
    assertThat(reported).extracting(AccountCompromiseReported::email).containsExactly(email);
    await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 10).stream()
        .map(m -> m.template()).toList()
        .containsAll(List.of(EmailTemplate.ACCOUNT_FROZEN, EmailTemplate.PASSWORD_RESET)));
    // The stolen password no longer signs in: only the e-mailed reset link opens the account
    // (the whole sequence is HackedAccountTest).
    assertThat(tokenResponse(email, PASSWORD, "curl/8").statusCode()).isEqualTo(403);

    assertThat(adminPost("/api/v1/admin/users/" + userId + "/unfreeze").statusCode())
        .isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> ledger.account(wallet.id()).orElseThrow().status() == AccountStatus.ACTIVE);
    assertThat(ledger.transfer(LedgerFixture.posted(wallet.id(), friend.id(), 100,
        wallet.currency())).code()).isEqualTo(TransferResultCode.OK);
  }

  @Test
  void supportUnlocksALockedAccount() throws Exception {
    String email = verifiedUser();
    String userId = me(signIn(email, "curl/8")).get("id").asString();
    for (int i = 0; i < 5; i++) {
      tokenResponse(email, "Wrong-Password-For-Sure-" + i, "curl/8");
    }
    assertThat(tokenResponse(email, PASSWORD, "curl/8").statusCode()).isEqualTo(423);

    assertThat(adminPost("/api/v1/admin/users/" + userId + "/unlock").statusCode()).isEqualTo(204);
    assertThat(tokenResponse(email, PASSWORD, "curl/8").statusCode()).isEqualTo(201);
    assertThat(adminPost("/api/v1/admin/users/" + UUID.randomUUID() + "/unlock").statusCode())
        .isEqualTo(404);
  }

  @Test
  void adminSetsARoleAndAgentsGetTheSupportActions() throws Exception {
    String email = verifiedUser();
    String userId = me(signIn(email, "curl/8")).get("id").asString();

    HttpResponse<String> set = http.send(HttpRequest.newBuilder(
        uri("/api/v1/admin/users/" + userId + "/role")).header("Authorization", "Bearer " + ADMIN)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"agent\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(204);
    assertThat(me(signIn(email, "curl/8")).get("role").asString()).isEqualTo("agent");

    // The agent's own token now opens the support actions, but not role changes.
    String agent = signIn(email, "curl/8");
    HttpResponse<String> unlock = http.send(HttpRequest.newBuilder(
        uri("/api/v1/admin/users/" + userId + "/unlock")).header("Authorization", "Bearer " + agent)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unlock.statusCode()).isEqualTo(204);
    HttpResponse<String> promote = http.send(HttpRequest.newBuilder(
        uri("/api/v1/admin/users/" + userId + "/role")).header("Authorization", "Bearer " + agent)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"admin\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(promote.statusCode()).isEqualTo(403);
    String customer = signIn(verifiedUser(), "curl/8");
    HttpResponse<String> notStaff = http.send(HttpRequest.newBuilder(
        uri("/api/v1/admin/users/" + userId + "/unlock"))
        .header("Authorization", "Bearer " + customer)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(notStaff.statusCode()).isEqualTo(403);

    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
        uri("/api/v1/admin/users/" + userId + "/role")).header("Authorization", "Bearer " + ADMIN)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"king\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void aSignInFromANewDeviceIsReportedByEmailAndInApp() throws Exception {
    String email = verifiedUser();
    String first = signIn(email, "curl/8");
    signIn(email, "curl/8");
    assertThat(notifications(first).get("notifications")).isEmpty();

    signIn(email, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");

    // In-app notifications are delivered from the outbox by the dispatcher, moments later.
    JsonNode list = await().atMost(Duration.ofSeconds(10)).until(() -> notifications(first),
        n -> n.get("unread").asInt() == 1);
    assertThat(list.get("notifications").get(0).get("body").asString()).contains("Firefox on Linux");
    await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 10).stream()
        .anyMatch(m -> m.template() == EmailTemplate.NEW_DEVICE_LOGIN));
  }

  @Test
  void userACannotMarkUserBsNotifications() throws Exception {
    String bob = verifiedUser();
    String bobToken = signIn(bob, "curl/8");
    signIn(bob, "Mozilla/5.0 (Windows NT 10.0) Chrome/150");
    long bobsNotification = await().atMost(Duration.ofSeconds(10))
        .until(() -> notifications(bobToken), n -> n.get("unread").asInt() == 1)
        .get("notifications").get(0).get("id").asLong();
    String alice = signIn(verifiedUser(), "curl/8");

    HttpResponse<String> steal = post("/api/v1/me/notifications/" + bobsNotification + "/read",
        "{}", alice);

    assertThat(steal.statusCode()).isEqualTo(404);
    assertThat(json.readTree(steal.body()).get("code").asString())
        .isEqualTo("notification_not_found");
    assertThat(notifications(bobToken).get("unread").asInt()).isEqualTo(1);
    assertThat(notifications(alice).get("notifications")).isEmpty();
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * A registered user whose address is confirmed, so the wallet exists; not signed in yet, so
   * the devices the test counts are its own.
   */
  private String verifiedUser() {
    return users.user().withoutSignIn().create().email();
  }

  private String signIn(String email, String userAgent) throws Exception {
    HttpResponse<String> response = tokenResponse(email, PASSWORD, userAgent);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  private HttpResponse<String> tokenResponse(String email, String password, String userAgent)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/api/v1/auth/tokens"))
        .header("Content-Type", "application/json").header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            Map.of("email", email, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode me(String token) throws Exception {
    return json.readTree(get("/api/v1/me", token).body());
  }

  private JsonNode notifications(String token) throws Exception {
    return json.readTree(get("/api/v1/me/notifications", token).body());
  }

  private HttpResponse<String> adminPost(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
