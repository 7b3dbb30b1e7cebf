package org.okpay.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maintenance refuses sign-in before any effect, with 503 {@code maintenance}; the public status
 * shows it; incidents change a component's state until resolved.
 */
@OkPayTest
class StatusGatingTest {

  private static final String ADMIN = "test-admin-token";
  private static final String PASSWORD = "Velvet-Otter-Harbor-7193";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Other tests share this database: leave no window or incident behind. */
  @AfterEach
  void cleanUp() {
    jdbc.sql("delete from status.maintenance_windows").update();
    jdbc.sql("update status.incidents set resolved_at = now() where resolved_at is null").update();
  }

  @Test
  void signInUnderMaintenanceIsRefusedBeforeAnyEffect() throws Exception {
    String email = users.user().unverified().withoutSignIn().create().email();
    Instant ends = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    HttpResponse<String> scheduled = send("POST", "/api/v1/admin/status/maintenance", ADMIN,
        json.writeValueAsString(Map.of("title", "Database upgrade", "components", new String[] {"login"},
            "startsAt", Instant.now().minusSeconds(60).toString(), "endsAt", ends.toString())));
    assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(201);

    HttpResponse<String> refused = send("POST", "/api/v1/auth/tokens", null,
        json.writeValueAsString(Map.of("email", email, "password", PASSWORD)));

    assertThat(refused.statusCode()).isEqualTo(503);
    JsonNode problem = json.readTree(refused.body());
    assertThat(problem.get("code").asString()).isEqualTo("maintenance");
    assertThat(problem.get("retryable").asBoolean()).isTrue();
    assertThat(problem.get("statusPage").asString()).isEqualTo("/status");
    assertThat(Instant.parse(problem.get("until").asString())).isEqualTo(ends);
    assertThat(jdbc.sql("select count(*) from identity.login_attempts where email = :e")
        .param("e", email).query(Integer.class).single()).isZero();

    JsonNode status = json.readTree(send("GET", "/api/v1/status", null, null).body());
    assertThat(status.get("components").get("login").asString()).isEqualTo("under_maintenance");
    assertThat(status.get("components").get("card_topups").asString()).isEqualTo("operational");
    HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(uri("/login"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(loginPage.body()).contains("id=\"login-notice\"").contains("maintenance");

    cleanUp();
    assertThat(send("POST", "/api/v1/auth/tokens", null, json.writeValueAsString(
        Map.of("email", email, "password", PASSWORD))).statusCode()).isEqualTo(201);
  }

  @Test
  void apiMaintenanceRefusesTheApiButNotTheStatusOrOperatorApi() throws Exception {
    HttpResponse<String> scheduled = send("POST", "/api/v1/admin/status/maintenance", ADMIN,
        json.writeValueAsString(Map.of("title", "API upgrade", "components", new String[] {"api"},
            "startsAt", Instant.now().minusSeconds(60).toString(),
            "endsAt", Instant.now().plusSeconds(600).toString())));
    assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(201);

    HttpResponse<String> refused = send("GET", "/api/v1/fx/rates", null, null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("maintenance");
    assertThat(json.readTree(refused.body()).get("component").asString()).isEqualTo("api");
    assertThat(send("GET", "/api/v1/status", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/admin/ledger/invariants", ADMIN, null).statusCode())
        .isEqualTo(200);

    cleanUp();
    assertThat(send("GET", "/api/v1/fx/rates", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void anIncidentDegradesItsComponentsUntilResolved() throws Exception {
    HttpResponse<String> opened = send("POST", "/api/v1/admin/status/incidents", ADMIN,
        json.writeValueAsString(Map.of("title", "Card top-ups are slow",
            "components", new String[] {"card_topups"}, "impact", "degraded",
            "message", "The card network answers slowly; we are watching it.")));
    assertThat(opened.statusCode()).isEqualTo(201);
    String id = json.readTree(opened.body()).get("id").asString();

    assertThat(json.readTree(send("GET", "/api/v1/status", null, null).body())
        .get("components").get("card_topups").asString()).isEqualTo("degraded");
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/status"))
        .header("Accept", "text/html").header("Accept-Language", "zh-CN").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("Card top-ups are slow").contains("性能下降");

    HttpResponse<String> feed = send("GET", "/status/feed.atom", null, null);
    assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
    assertThat(feed.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
        .contains("<title>Card top-ups are slow</title>").contains("urn:uuid:" + id);

    assertThat(send("POST", "/api/v1/admin/status/incidents/" + id + "/resolve", ADMIN, "")
        .statusCode()).isEqualTo(200);
    assertThat(json.readTree(send("GET", "/api/v1/status", null, null).body())
        .get("components").get("card_topups").asString()).isEqualTo("operational");
  }

  @Test
  void uptimeCountsMajorOutagesFullyAndPartialOnesHalf() throws Exception {
    UUID major = UUID.randomUUID();
    UUID partial = UUID.randomUUID();
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    java.time.LocalDate twoDaysAgo = today.minusDays(2);
    java.time.LocalDate threeDaysAgo = today.minusDays(3);
    try {
      // Six hours down, and twelve hours half down: both a quarter of their day.
      insertIncident(major, "major_outage", twoDaysAgo.atTime(12, 0), twoDaysAgo.atTime(18, 0));
      insertIncident(partial, "partial_outage", threeDaysAgo.atTime(6, 0),
          threeDaysAgo.atTime(18, 0));

      JsonNode api = json.readTree(send("GET", "/api/v1/status/uptime", null, null).body())
          .get("api");
      assertThat(api).hasSize(90);
      assertThat(api.get(89).get("day").asString()).isEqualTo(today.toString());
      assertThat(api.get(87).get("percent").asDouble()).isEqualTo(75.0);
      assertThat(api.get(86).get("percent").asDouble()).isEqualTo(75.0);
      assertThat(api.get(88).get("percent").asDouble()).isEqualTo(100.0);
      assertThat(json.readTree(send("GET", "/api/v1/status/uptime", null, null).body())
          .get("login").get(87).get("percent").asDouble()).isEqualTo(100.0);
    } finally {
      jdbc.sql("delete from status.incidents where id in (:a, :b)").param("a", major)
          .param("b", partial).update();
    }
  }

  private void insertIncident(UUID id, String impact, java.time.LocalDateTime from,
      java.time.LocalDateTime to) {
    jdbc.sql("""
        insert into status.incidents (id, title, components, impact, message, created_at,
               resolved_at)
        values (:id, 'test outage', array['api'], :impact, 'test', :from, :to)
        """).param("id", id).param("impact", impact)
        .param("from", from.atOffset(java.time.ZoneOffset.UTC))
        .param("to", to.atOffset(java.time.ZoneOffset.UTC)).update();
  }

  @Test
  void lateNotificationsDegradeTheNotificationsComponentAutomatically() throws Exception {
    String recipient = "late-" + UUID.randomUUID() + "@example.com";
    try {
      // Fifty e-mails that should have gone out ten minutes ago, held back from the dispatcher.
      jdbc.sql("""
          insert into notify.outbox (channel, recipient, locale, template, request_hash,
                 next_attempt_at, created_at)
          select 'email', :to, 'en', 'generic', sha256(convert_to(:to || g, 'UTF8')),
                 now() + interval '1 day', now() - interval '10 minutes'
            from generate_series(1, 50) g
          """).param("to", recipient).update();
      assertThat(json.readTree(send("GET", "/api/v1/status", null, null).body())
          .get("components").get("notifications").asString()).isEqualTo("degraded");
    } finally {
      jdbc.sql("delete from notify.outbox where recipient = :to").param("to", recipient).update();
    }
    assertThat(json.readTree(send("GET", "/api/v1/status", null, null).body())
        .get("components").get("notifications").asString()).isEqualTo("operational");
  }

  @Test
  void operatorsOnlyAndBadInputIsA400() throws Exception {
    String body = json.writeValueAsString(Map.of("title", "x", "components",
        new String[] {"login"}, "impact", "degraded", "message", "m"));
    assertThat(send("POST", "/api/v1/admin/status/incidents", null, body).statusCode())
        .isEqualTo(401);
    HttpResponse<String> bad = send("POST", "/api/v1/admin/status/incidents", ADMIN,
        body.replace("\"login\"", "\"teleport\""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json.readTree(bad.body()).get("code").asString()).isEqualTo("validation_failed");
    HttpResponse<String> backwards = send("POST", "/api/v1/admin/status/maintenance", ADMIN,
        json.writeValueAsString(Map.of("title", "t", "components", new String[] {"api"},
            "startsAt", "2030-01-02T00:00:00Z", "endsAt", "2030-01-01T00:00:00Z")));
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from status.maintenance_windows").query(Integer.class)
        .single()).isZero();
  }

  private HttpResponse<String> send(String method, String path, String bearer, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type",
        "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
