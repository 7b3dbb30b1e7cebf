package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Registration, sign-in, lockout, sessions and history over the real HTTP API. */
@OkPayTest
class IdentityApiTest {

  static final String PASSWORD = "Velvet-Otter-Harbor-7193";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;
  @Autowired IpRateLimiter limiter;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void registersWithoutRevealingWhetherTheAddressIsTaken() throws Exception {
    String email = email();
    HttpResponse<String> first = post("/api/v1/auth/register", registration(email, PASSWORD), null);
    HttpResponse<String> again = post("/api/v1/auth/register", registration(email, PASSWORD), null);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(jdbc.sql("select count(*) from identity.users where email = :e").param("e", email)
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void refusesWeakPasswordsAndBadFieldsNamingTheField() throws Exception {
    JsonNode tooShort = problem(post("/api/v1/auth/register", registration(email(), "short"), null),
        400, "weak_password");
    assertThat(tooShort.get("errors").get(0).get("code").asString()).isEqualTo("too_short");
    assertThat(tooShort.get("errors").get(0).get("message").asString()).contains("12");

    // 12 characters, and on the bundled list of the 100,000 most common passwords.
    JsonNode common = problem(post("/api/v1/auth/register",
        registration(email(), "123qweasdzxc"), null), 400, "weak_password");
    assertThat(common.get("errors").get(0).get("code").asString()).isEqualTo("common");

    JsonNode personal = problem(post("/api/v1/auth/register",
        registration("velvetotterharbor@example.com", "velvetotterharbor"), null), 400,
        "weak_password");
    assertThat(personal.get("errors").get(0).get("code").asString()).isEqualTo("guessable");

    String badCountry = registration(email(), PASSWORD).replace("\"CN\"", "\"XX\"");
    JsonNode fields = problem(post("/api/v1/auth/register", badCountry, null), 400,
        "validation_failed");
    assertThat(fields.get("errors").get(0).get("field").asString()).isEqualTo("country");
  }

  @Test
  void unknownEmailAndWrongPasswordLookTheSame() throws Exception {
    String email = registered();
    HttpResponse<String> unknown = signIn(email() , PASSWORD);
    HttpResponse<String> wrong = signIn(email, "Wrong-Password-For-Sure-1");

    JsonNode a = problem(unknown, 401, "invalid_credentials");
    JsonNode b = problem(wrong, 401, "invalid_credentials");
    assertThat(a.get("detail")).isEqualTo(b.get("detail"));
  }

  @Test
  void tokenGivesTheUserAndRevokingItEndsIt() throws Exception {
    String email = registered();
    String token = token(email);

    JsonNode me = ok(get("/api/v1/me", token));
    assertThat(me.get("email").asString()).isEqualTo(email);
    assertThat(me.get("emailVerified").asBoolean()).isFalse();
    problem(get("/api/v1/me", null), 401, "unauthorized");
    problem(get("/api/v1/me", "not-a-real-token"), 401, "unauthorized");

    HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri("/api/v1/auth/tokens/current"))
        .header("Authorization", "Bearer " + token).DELETE().build());
    assertThat(revoked.statusCode()).isEqualTo(204);
    problem(get("/api/v1/me", token), 401, "unauthorized");
  }

  @Test
  void userACannotSeeOrRevokeUserBsSessions() throws Exception {
    String alice = token(registered());
    String bob = token(registered());
    JsonNode bobSessions = ok(get("/api/v1/me/sessions", bob));
    String bobSession = bobSessions.get(0).get("id").asString();

    JsonNode aliceSessions = ok(get("/api/v1/me/sessions", alice));
    assertThat(aliceSessions.findValuesAsString("id")).doesNotContain(bobSession);
    HttpResponse<String> steal = send(HttpRequest.newBuilder(uri("/api/v1/me/sessions/" + bobSession))
        .header("Authorization", "Bearer " + alice).DELETE().build());
    problem(steal, 404, "session_not_found");
    assertThat(ok(get("/api/v1/me", bob)).get("email")).isNotNull();
  }

  @Test
  void revokeOthersKeepsOnlyTheCurrentSession() throws Exception {
    String email = registered();
    String first = token(email);
    String second = token(email);

    JsonNode revoked = ok(post("/api/v1/me/sessions/revoke-others", "{}", second));
    assertThat(revoked.get("revoked").asInt()).isEqualTo(1);
    problem(get("/api/v1/me", first), 401, "unauthorized");
    assertThat(ok(get("/api/v1/me/sessions", second))).hasSize(1);
  }

  @Test
  void historyShowsFailuresAndSuccess() throws Exception {
    String email = registered();
    signIn(email, "Wrong-Password-For-Sure-1");
    String token = token(email);

    JsonNode history = ok(get("/api/v1/me/login-history", token));
    assertThat(history.get(0).get("result").asString()).isEqualTo("success");
    assertThat(history.get(1).get("result").asString()).isEqualTo("failure");
    assertThat(history.get(1).get("reason").asString()).isEqualTo("wrong_password");
  }

  @Test
  void concurrentWrongPasswordsLockAtExactlyTheThreshold() throws Exception {
    String email = registered();
    int attempts = 16;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      statuses.add(pool.submit(() -> {
        start.await();
        return signIn(email, "Wrong-Password-For-Sure-1").statusCode();
      }));
    }
    start.countDown();
    List<Integer> codes = new ArrayList<>();
    for (Future<Integer> status : statuses) {
      codes.add(status.get());
    }
    pool.shutdown();

    // Four plain refusals; the fifth failure locks, and everything after it is "locked".
    assertThat(codes.stream().filter(c -> c == 401).count()).isEqualTo(4);
    assertThat(codes.stream().filter(c -> c == 423).count()).isEqualTo(attempts - 4);
    assertThat(jdbc.sql("""
        select count(*) from identity.login_attempts a join identity.users u on u.id = a.user_id
         where u.email = :e and a.result = 'failure'""").param("e", email)
        .query(Integer.class).single()).isEqualTo(5);

    JsonNode locked = problem(signIn(email, PASSWORD), 423, "account_locked");
    assertThat(locked.get("lockedUntil").asString()).isNotBlank();
    assertThat(locked.get("advice").asString()).contains("reset your password");
  }

  @Test
  void perIpLimitAnswersWithRetryAfter() {
    // An action of its own: the counts live in the database and outlast a test run.
    String probe = "probe-" + UUID.randomUUID();
    String ip = "192.0.2." + (int) (Math.random() * 200);
    limiter.acquire(probe, ip, 2, Duration.ofMinutes(1));
    limiter.acquire(probe, ip, 2, Duration.ofMinutes(1));
    assertThatThrownBy(() -> limiter.acquire(probe, ip, 2, Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(OkPayException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat((Long) e.properties().get("retryAfterSeconds")).isBetween(1L, 60L);
        });
  }

  // --- helpers -----------------------------------------------------------------------------

  private String registered() throws Exception {
    String email = email();
    assertThat(post("/api/v1/auth/register", registration(email, PASSWORD), null).statusCode())
        .isEqualTo(202);
    return email;
  }

  private String token(String email) throws Exception {
    return ok(signIn(email, PASSWORD)).get("token").asString();
  }

  private HttpResponse<String> signIn(String email, String password) throws Exception {
    return post("/api/v1/auth/tokens", json.writeValueAsString(
        Map.of("email", email, "password", password)), null);
  }

  private static String email() {
    return "u-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  private String registration(String email, String password) throws Exception {
    return json.writeValueAsString(Map.of("email", email, "password", password,
        "displayName", "Test User", "language", "en", "country", "CN",
        "defaultCurrency", "CNY"));
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return json.readTree(response.body());
  }

  private JsonNode problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }
}
