package org.okpay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admins' audit API: filters and paging, verify and checkpoints; customers, merchants and
 * agents are refused (agents' own actions are in the log), and bad filters are a 400.
 */
@OkPayTest
class AuditApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired AuditApi audit;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void nobodyButAnAdminMayReadVerifyOrCheckpoint() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser merchant = users.user().role(Role.MERCHANT).create();
    String[][] calls = {{"GET", "/api/v1/admin/audit/events"},
        {"POST", "/api/v1/admin/audit/verify"}, {"POST", "/api/v1/admin/audit/checkpoints"}};
    for (String[] call : calls) {
      for (TestUser who : new TestUser[] {customer, agent, merchant}) {
        HttpResponse<String> refused = send(call[0], call[1], who.token());
        assertThat(refused.statusCode()).as(who.role() + " " + call[1]).isEqualTo(403);
        assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("forbidden");
      }
      assertThat(send(call[0], call[1], null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void anAdminFiltersPagesVerifiesAndCheckpoints() throws Exception {
    TestUser admin = users.user().role(Role.ADMIN).create();
    String chain = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Instant before = Instant.now().minusSeconds(5);
    for (int i = 0; i < 5; i++) {
      audit.append(new AuditEvent(chain + (i % 2 == 0 ? ".locked" : ".unlocked"), "admin",
          "admin-" + (i % 2), "user", "u-" + i, "reason " + i, Map.of("n", Integer.toString(i))));
    }

    JsonNode page = ok(send("GET", "/api/v1/admin/audit/events?chain=" + chain + "&limit=2",
        admin.token()));
    assertThat(page.get("events")).hasSize(2);
    assertThat(page.get("events").get(0).get("seq").asLong()).isEqualTo(5);
    assertThat(page.get("events").get(0).get("details").get("n").asString()).isEqualTo("4");
    String cursor = page.get("nextCursor").asString();
    JsonNode next = ok(send("GET", "/api/v1/admin/audit/events?chain=" + chain + "&limit=2&cursor="
        + cursor, admin.token()));
    assertThat(next.get("events").get(0).get("seq").asLong()).isEqualTo(3);

    JsonNode locks = ok(send("GET", "/api/v1/admin/audit/events?action=" + chain + ".locked"
        + "&from=" + enc(before.toString()) + "&to=" + enc(Instant.now().plusSeconds(5).toString()),
        admin.token()));
    assertThat(locks.get("events")).hasSize(3);
    JsonNode bySubject = ok(send("GET", "/api/v1/admin/audit/events?subjectType=user&subjectId=u-3"
        + "&actorId=admin-1&chain=" + chain, admin.token()));
    assertThat(bySubject.get("events")).hasSize(1);
    assertThat(bySubject.get("events").get(0).get("reason").asString()).isEqualTo("reason 3");

    JsonNode checkpoints = json.readTree(send("POST", "/api/v1/admin/audit/checkpoints",
        admin.token()).body());
    assertThat(checkpoints.get("checkpoints").toString()).contains(chain);
    JsonNode verified = ok(send("POST", "/api/v1/admin/audit/verify?chain=" + chain, admin.token()));
    assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
    assertThat(verified.get("chains").get(0).get("checkpointSeq").asLong()).isEqualTo(5);
    assertThat(verified.get("chains").get(0).get("eventsChecked").asLong()).isEqualTo(5);
  }

  @Test
  void badFiltersAreValidationFailed() throws Exception {
    TestUser admin = users.user().role(Role.ADMIN).create();
    String[] bad = {"cursor=not-a-cursor", "from=yesterday", "limit=0", "limit=201", "limit=x",
        "chain=Bad-Chain", "subjectId=u-1", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
        "action=" + "a".repeat(101)};
    for (String query : bad) {
      HttpResponse<String> response = send("GET", "/api/v1/admin/audit/events?" + query,
          admin.token());
      assertThat(response.statusCode()).as(query + " " + response.body()).isEqualTo(400);
      assertThat(json.readTree(response.body()).get("code").asString())
          .isEqualTo("validation_failed");
    }
    HttpResponse<String> badChain = send("POST", "/api/v1/admin/audit/verify?chain=No!", admin.token());
    assertThat(badChain.statusCode()).isEqualTo(400);
  }

  private JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept-Language", "en").method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
