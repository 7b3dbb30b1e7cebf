package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.okpay.TestUsers;
import org.okpay.TestUsersHttp;
import org.okpay.identity.Role;
import org.okpay.notify.DevMailbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real users with real cards and bank accounts, and the HTTP calls the payments tests make with
 * them. Users come from {@link TestUsers}, the one fixture: through the module APIs when this
 * was built with the {@code TestUsers} bean, over HTTP otherwise (the older constructor). Every
 * user is new, so tests never share balances or limits.
 */
public final class MoneyFixture {

  public static final String PASSWORD = TestUsers.PASSWORD;
  public static final String ADMIN = TestUsers.OPERATOR_TOKEN;
  public static final String VISA = TestUsers.VISA;

  private final JsonMapper json;
  private final TestUsersHttp http;
  private final Supplier<TestUsers.Builder> users;

  /** Users made over HTTP (registration, the mailed link, sign-in): the slow path. */
  public MoneyFixture(int port, JsonMapper json, DevMailbox mailbox) {
    this.json = json;
    this.http = new TestUsersHttp(port, json, mailbox);
    this.users = () -> TestUsers.overHttp(port, json, mailbox);
  }

  /** Users made through the module APIs; the requests of the test still go over HTTP. */
  public MoneyFixture(int port, JsonMapper json, TestUsers users) {
    this.json = json;
    this.http = new TestUsersHttp(port, json, null);
    this.users = users::user;
  }

  /** A signed-in user: the e-mail address and a bearer token. */
  public record User(String email, String token) {
  }

  /** A registered user whose address is confirmed, signed in with a bearer token. */
  public User user(String currency) throws Exception {
    return user(users.get().currency(currency).create());
  }

  /** A user who never confirmed the address: low limits. */
  public User unverifiedUser(String currency) throws Exception {
    return user(users.get().currency(currency).unverified().create());
  }

  private static User user(TestUsers.TestUser made) {
    return new User(made.email(), made.token());
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
    return http.send(method, path, body, token, idempotencyKey);
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

  /** A new verified user made an admin, signed in as one. */
  public User admin() throws Exception {
    return user(users.get().role(Role.ADMIN).create());
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
