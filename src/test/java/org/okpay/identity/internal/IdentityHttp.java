package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The identity API over real HTTP for the issue-13 tests: users, sign-in, links, problems. */
final class IdentityHttp {

  static final String PASSWORD = IdentityApiTest.PASSWORD;
  static final String NEW_PASSWORD = "Copper-Finch-Meadow-2846";
  static final String ADMIN = "test-admin-token";

  /** A user with two-factor on: the secret their app holds and one unused recovery code. */
  record Enrolled(String email, String token, byte[] secret, List<String> recoveryCodes) {
  }

  private final int port;
  private final JsonMapper json;
  private final DevMailbox mailbox;
  private final HttpClient http = HttpClient.newHttpClient();

  IdentityHttp(int port, JsonMapper json, DevMailbox mailbox) {
    this.port = port;
    this.json = json;
    this.mailbox = mailbox;
  }

  /** A registered user (address not confirmed: enough to sign in). */
  String registered() throws Exception {
    String email = "i-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    assertThat(post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD,
        "displayName", "Pat", "language", "en", "country", "US", "defaultCurrency", "USD"), null)
        .statusCode()).isEqualTo(202);
    return email;
  }

  /** A registered user who confirmed the address from the e-mailed link. */
  String verified() throws Exception {
    String email = registered();
    assertThat(post("/api/v1/auth/verify-email",
        Map.of("token", token(link(email, EmailTemplate.VERIFY_EMAIL))), null).statusCode())
        .isEqualTo(204);
    return email;
  }

  Enrolled enrolled() throws Exception {
    String email = registered();
    String token = signIn(email);
    JsonNode setup = json.readTree(post("/api/v1/me/two-factor", Map.of(), token).body());
    byte[] secret = TotpCodes.fromBase32(setup.get("secret").asString());
    HttpResponse<String> confirmed = post("/api/v1/me/two-factor/confirm",
        Map.of("code", code(secret, 0)), token);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isBetween(200, 201);
    List<String> codes = new ArrayList<>();
    json.readTree(confirmed.body()).get("recoveryCodes").forEach(c -> codes.add(c.asString()));
    return new Enrolled(email, token, secret, codes);
  }

  /**
   * The code an app shows {@code offsetSteps} steps from now (offset 0 at setup, 1 later: both
   * inside the server's window, the later one after the first as the replay rule wants).
   */
  static String code(byte[] secret, int offsetSteps) {
    return TotpCodes.code(secret, TotpCodes.step(Instant.now()) + offsetSteps);
  }

  /** The newest link of that kind e-mailed to the address, waiting for the outbox. */
  String link(String email, EmailTemplate template) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(email, 10).stream()
        .filter(m -> m.template() == template).map(m -> m.links().getFirst()).findFirst()
        .orElse(null), l -> l != null);
  }

  static String token(String link) {
    return link.substring(link.indexOf("token=") + 6);
  }

  String signIn(String email) throws Exception {
    HttpResponse<String> response = tokens(email, PASSWORD, "en");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body()).get("token").asString();
  }

  HttpResponse<String> tokens(String email, String password, String language) throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/api/v1/auth/tokens"))
        .header("Content-Type", "application/json").header("Accept-Language", language)
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            Map.of("email", email, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode me(String token) throws Exception {
    return json.readTree(request("GET", "/api/v1/me", null, token).body());
  }

  HttpResponse<String> admin(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, Map<String, ?> body, String token) throws Exception {
    return request("POST", path, body, token);
  }

  HttpResponse<String> request(String method, String path, Map<String, ?> body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Asserts a problem+json answer with this status and code, and returns it. */
  JsonNode problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }

  JsonNode read(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
