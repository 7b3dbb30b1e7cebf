package org.okpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.PhoneCodes;
import org.okpay.identity.Role;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TestUsers}' HTTP path: what a client of the public API does, the verification link
 * read from the dev mailbox, the role given with the operator token. {@link #send} is the one
 * JSON request helper the fixtures share.
 */
public final class TestUsersHttp implements TestUsers.Steps {

  private final int port;
  private final JsonMapper json;
  private final DevMailbox mailbox;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestUsersHttp(int port, JsonMapper json, DevMailbox mailbox) {
    this.port = port;
    this.json = json;
    this.mailbox = mailbox;
  }

  @Override
  public void register(String email, String displayName, String country, String currency) {
    expect(send("POST", "/api/v1/auth/register", Map.of("email", email, "password",
        TestUsers.PASSWORD, "displayName", displayName, "language", "en", "country", country,
        "defaultCurrency", currency), null, null), 202);
  }

  @Override
  public void verify(String email) {
    String link = await().atMost(TestUsers.WALLET_WAIT).pollDelay(Duration.ZERO)
        .pollInterval(TestUsers.POLL_INTERVAL).until(() -> mailbox.latest(email, 5)
        .stream().filter(m -> m.template() == EmailTemplate.VERIFY_EMAIL)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    expect(send("POST", "/api/v1/auth/verify-email",
        Map.of("token", link.substring(link.indexOf("token=") + 6)), null, null), 204);
  }

  /** A client learns its id from {@code GET /api/v1/me}, after signing in. */
  @Override
  public UUID userId(String email) {
    return null;
  }

  @Override
  public void setRole(UUID userId, Role role) {
    expect(send("PUT", "/api/v1/admin/users/" + userId + "/role",
        Map.of("role", role.name().toLowerCase(java.util.Locale.ROOT)), TestUsers.OPERATOR_TOKEN,
        null), 204);
  }

  @Override
  public TestUser signIn(TestUser user) {
    String token = expect(send("POST", "/api/v1/auth/tokens", Map.of("email", user.email(),
        "password", user.password()), null, null), 201).get("token").asString();
    JsonNode me = expect(send("GET", "/api/v1/me", null, token, null), 200);
    if (me.get("emailVerified").asBoolean()) {
      // Payments opens the wallet from identity's UserVerified event, just after the commit.
      TestUsers.awaitTrue(() -> !balances(token).isEmpty());
    }
    return new TestUser(UUID.fromString(me.get("id").asString()), user.email(), user.password(),
        token, user.currency(), user.role(), user.totpSecret(), user.phone(), null);
  }

  @Override
  public String enrolTwoFactor(TestUser user) {
    String secret = expect(send("POST", "/api/v1/me/two-factor", Map.of(), user.token(), null),
        200, 201).get("secret").asString();
    expect(send("POST", "/api/v1/me/two-factor/confirm",
        Map.of("code", TotpTestCodes.code(secret, 0)), user.token(), null), 200, 201);
    return secret;
  }

  @Override
  public String confirmPhone(TestUser user) {
    String number = PhoneCodes.newChineseMobile();
    expect(send("PUT", "/api/v1/me/phone", Map.of("phone", number), user.token(), null), 200,
        202);
    expect(send("POST", "/api/v1/me/phone/confirm",
        Map.of("code", PhoneCodes.code(mailbox, user.email(), 1)), user.token(), null), 200);
    return number;
  }

  @Override
  public void fund(TestUser user, long amountMinor) {
    String card = expect(send("POST", "/api/v1/me/cards", Map.of("number", TestUsers.VISA,
        "expiryMonth", 12, "expiryYear", 2035, "cvc", "123", "holderName", "Pat Doe"),
        user.token(), null), 200, 201).get("id").asString();
    expect(send("POST", "/api/v1/me/topups", Map.of("cardId", card, "amountMinor", amountMinor,
        "currency", user.currency()), user.token(), UUID.randomUUID().toString()), 201);
  }

  private JsonNode balances(String token) {
    return expect(send("GET", "/api/v1/me/balances", null, token, null), 200);
  }

  private JsonNode expect(HttpResponse<String> response, Integer... statuses) {
    assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isIn(
        (Object[]) statuses);
    return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
  }

  /** A JSON request as the API's clients send it, in English. */
  public HttpResponse<String> send(String method, String path, Object body, String token,
      String idempotencyKey) {
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
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
