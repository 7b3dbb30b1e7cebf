package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real users with real cards and bank accounts, over the HTTP API: what the payments tests stand
 * on. Every user is new, so tests never share balances or limits.
 */
public final class MoneyFixture {

  public static final String PASSWORD = "Velvet-Otter-Harbor-7193";
  public static final String ADMIN = "test-admin-token";
  public static final String VISA = "4242424242424242";

  private final int port;
  private final JsonMapper json;
  private final DevMailbox mailbox;
  private final HttpClient http = HttpClient.newHttpClient();

  public MoneyFixture(int port, JsonMapper json, DevMailbox mailbox) {
    this.port = port;
    this.json = json;
    this.mailbox = mailbox;
  }

  /** A signed-in user: the e-mail address and a bearer token. */
  public record User(String email, String token) {
  }

  /** A registered user whose address is confirmed, signed in with a bearer token. */
  public User user(String currency) throws Exception {
    String email = register(currency);
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 5)
        .stream().filter(m -> m.template() == EmailTemplate.VERIFY_EMAIL)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    String token = link.substring(link.indexOf("token=") + 6);
    assertThat(send("POST", "/api/v1/auth/verify-email", Map.of("token", token), null, null)
        .statusCode()).isEqualTo(204);
    User user = new User(email, signIn(email));
    // Payments opens the wallet from identity's UserVerified event, just after the commit.
    await().atMost(Duration.ofSeconds(10)).until(() -> get(user, "/api/v1/me/balances").size(),
        n -> n > 0);
    return user;
  }

  /** A user who never confirmed the address: low limits. */
  public User unverifiedUser(String currency) throws Exception {
    String email = register(currency);
    return new User(email, signIn(email));
  }

  private String register(String currency) throws Exception {
    String email = "m-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    HttpResponse<String> registered = send("POST", "/api/v1/auth/register", Map.of("email", email,
        "password", PASSWORD, "displayName", "Pat", "language", "en", "country", "US",
        "defaultCurrency", currency), null, null);
    assertThat(registered.statusCode()).isEqualTo(202);
    return email;
  }

  public String signIn(String email) throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/auth/tokens",
        Map.of("email", email, "password", PASSWORD), null, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  public String addCard(User user, String number) throws Exception {
    return created(send("POST", "/api/v1/me/cards", Map.of("number", number, "expiryMonth", 12,
        "expiryYear", 2035, "cvc", "123", "holderName", "Pat Doe"), user.token(), null));
  }

  public String addBankAccount(User user, String accountNumber, String currency)
      throws Exception {
    return created(send("POST", "/api/v1/me/bank-accounts", Map.of("holderName", "Pat Doe",
        "accountNumber", accountNumber, "bankCode", "SBOXGB2L", "country", "GB",
        "currency", currency), user.token(), null));
  }

  private String created(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    return json.readTree(response.body()).get("id").asString();
  }

  /** Tops up from a new Visa test card and checks it completed. */
  public void fund(User user, long amountMinor, String currency) throws Exception {
    String card = addCard(user, VISA);
    HttpResponse<String> topUp = post(user, "/api/v1/me/topups", Map.of("cardId", card,
        "amountMinor", amountMinor, "currency", currency));
    assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
  }

  /** A money-moving POST with a fresh idempotency key. */
  public HttpResponse<String> post(User user, String path, Map<String, Object> body)
      throws Exception {
    return send("POST", path, body, user.token(), UUID.randomUUID().toString());
  }

  public HttpResponse<String> send(String method, String path, Object body, String token,
      String idempotencyKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + path)).header("Content-Type", "application/json").header("Accept-Language", "en")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode get(User user, String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null, user.token(), null);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  public JsonNode read(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  /** The available balance in a currency, 0 when no balance is open in it. */
  public long available(User user, String currency) throws Exception {
    for (JsonNode balance : get(user, "/api/v1/me/balances")) {
      if (balance.get("currency").asString().equals(currency)) {
        return balance.get("available").get("amountMinor").asLong();
      }
    }
    return 0;
  }

  public long balance(User user, String currency) throws Exception {
    for (JsonNode balance : get(user, "/api/v1/me/balances")) {
      if (balance.get("currency").asString().equals(currency)) {
        return balance.get("balance").get("amountMinor").asLong();
      }
    }
    return 0;
  }

  public void advanceSandbox(Duration by) throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/admin/sandbox/advance",
        Map.of("seconds", by.toSeconds()), ADMIN, null);
    assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
  }

  /** A new verified user made an admin with the operator token, signed in afresh as one. */
  public User admin() throws Exception {
    User user = user("USD");
    String id = get(user, "/api/v1/me").get("id").asString();
    HttpResponse<String> promoted = send("PUT", "/api/v1/admin/users/" + id + "/role",
        Map.of("role", "admin"), ADMIN, null);
    assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(204);
    return new User(user.email(), signIn(user.email()));
  }

  /** An unusually large payment from a user without two-factor: held for review (202). */
  public JsonNode heldPayment(User from, User to, long amountMinor) throws Exception {
    HttpResponse<String> held = post(from, "/api/v1/me/transfers", Map.of(
        "recipientEmail", to.email(), "amountMinor", amountMinor, "currency", "USD"));
    assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
    JsonNode tx = read(held);
    assertThat(tx.get("state").asString()).isEqualTo("on_hold");
    return tx;
  }

  public JsonNode reconcile() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/admin/payments/reconciliation/run",
        null, ADMIN, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }
}
