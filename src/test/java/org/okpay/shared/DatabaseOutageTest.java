package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.okpay.SeparateTestDatabase;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database goes away under a running application (its network path is cut): a money request
 * and a page answer 503 database_unavailable within a few seconds, with Retry-After, the health
 * check says DOWN as fast, no request answers 500, nothing is done, and the same request with
 * the same key succeeds once the database is back. The application's PostgreSQL is its own (a
 * database of its own on the OKPAY_TEST_DB_URL server, else an embedded one this test starts),
 * reached through {@link TcpCut}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageTest {

  /** The pool waits 2.5 s for a connection; the answer may take two such waits (sign-in, then the handler). */
  private static final Duration ANSWER_MAX = Duration.ofSeconds(8);
  private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+)(\\?.*)?");

  private static EmbeddedPostgres ownPostgres;
  private static TcpCut network;
  private static String proxiedUrl;

  @DynamicPropertySource
  static void throughTheCut(DynamicPropertyRegistry registry) throws IOException {
    String url = SeparateTestDatabase.url("outage");
    String host = "127.0.0.1";
    int port;
    String rest;
    if (url.isBlank()) {
      ownPostgres = EmbeddedPostgres.builder().start();
      EmbeddedPostgres started = ownPostgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // The JVM is going away; the throw-away cluster's folder is temporary anyway.
        }
      }));
      port = ownPostgres.getPort();
      rest = "postgres";
      registry.add("spring.datasource.username", () -> "postgres");
    } else {
      Matcher m = URL.matcher(url);
      assertThat(m.matches()).as(url).isTrue();
      host = m.group(1);
      port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
      rest = m.group(3) + (m.group(4) == null ? "" : m.group(4));
    }
    network = new TcpCut(host, port);
    proxiedUrl = "jdbc:postgresql://127.0.0.1:" + network.port() + "/" + rest;
    registry.add("spring.datasource.url", () -> proxiedUrl);
  }

  @AfterAll
  static void reconnect() {
    // The cached context outlives this class: leave it a database to shut down against.
    network.restore();
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void anOutageIsA503WithinSecondsAndTheSameRequestSucceedsAfterIt() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, mailbox);
    MoneyFixture.User alice = money.user("USD");
    MoneyFixture.User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String key = UUID.randomUUID().toString();
    Map<String, Object> transfer = Map.of("recipientEmail", bob.email(), "amountMinor", 1_234,
        "currency", "USD");

    network.cut();
    try {
      long started = System.nanoTime();
      HttpResponse<String> sent = money.send("POST", "/api/v1/me/transfers", transfer,
          alice.token(), key);
      assertUnavailable(sent, started);
      assertThat(sent.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith("application/problem+json"));
      JsonNode problem = json.readTree(sent.body());
      assertThat(problem.path("code").asString()).isEqualTo("database_unavailable");
      assertThat(problem.path("retryable").asBoolean(false)).isTrue();

      // No session to look up: the handler itself meets the outage (MVC's advice answers).
      started = System.nanoTime();
      HttpResponse<String> signIn = money.send("POST", "/api/v1/auth/tokens",
          Map.of("email", alice.email(), "password", MoneyFixture.PASSWORD), null, null);
      assertUnavailable(signIn, started);
      assertThat(json.readTree(signIn.body()).path("code").asString())
          .isEqualTo("database_unavailable");

      started = System.nanoTime();
      HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/account/money"))
          .header("Accept", "text/html").header("Accept-Language", "zh-CN")
          .header("Cookie", "okpay_session=" + alice.token()).build());
      assertUnavailable(page, started);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).contains("database_unavailable").contains("请过几秒钟再试");

      started = System.nanoTime();
      HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).build());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ANSWER_MAX);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(json.readTree(health.body()).path("status").asString()).isEqualTo("DOWN");
    } finally {
      network.restore();
    }

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
        money.send("GET", "/api/v1/me/balances", null, alice.token(), null).statusCode() == 200);
    HttpResponse<String> retried = money.send("POST", "/api/v1/me/transfers", transfer,
        alice.token(), key);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    assertThat(money.balance(bob, "USD")).isEqualTo(1_234);
  }

  private void assertUnavailable(HttpResponse<String> response, long startedNanos) {
    assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isLessThan(ANSWER_MAX);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
