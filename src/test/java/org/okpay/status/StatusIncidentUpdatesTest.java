package org.okpay.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An incident's timeline through the operators' API: updates in order, impact changes, resolving
 * by an update, and what is refused (resolved, unknown, not an admin, bad input). The public
 * JSON, page and feed show the timeline.
 */
@OkPayTest
class StatusIncidentUpdatesTest {

  private static final String ADMIN = "test-admin-token";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void cleanUp() {
    jdbc.sql("update status.incidents set resolved_at = now() where resolved_at is null").update();
  }

  @Test
  void updatesFormATimelineChangeTheImpactAndResolveTheIncident() throws Exception {
    String id = open("Transfers abroad fail", "cross_border", "degraded", "Some transfers fail.");

    JsonNode identified = created(postUpdate(id, Map.of("phase", "identified",
        "message", "A partner bank is down.", "impact", "major_outage")));
    assertThat(identified.get("impact").asString()).isEqualToIgnoringCase("major_outage");
    assertThat(state("cross_border")).isEqualTo("major_outage");

    JsonNode monitoring = created(postUpdate(id, Map.of("phase", "monitoring",
        "message", "The bank is back; we are watching.")));
    assertThat(phases(monitoring)).containsExactly("investigating", "identified", "monitoring");
    assertThat(messages(monitoring)).containsExactly("Some transfers fail.",
        "A partner bank is down.", "The bank is back; we are watching.");
    assertThat(monitoring.get("message").asString())
        .isEqualTo("The bank is back; we are watching.");
    assertThat(monitoring.get("impact").asString()).as("no impact given: it stays")
        .isEqualToIgnoringCase("major_outage");
    assertThat(monitoring.get("updates").get(2).has("impact")).isFalse();
    assertThat(monitoring.get("resolvedAt")).isNull();
    List<Instant> times = new ArrayList<>();
    monitoring.get("updates").forEach(u -> times.add(Instant.parse(u.get("at").asString())));
    assertThat(times).isSorted();

    JsonNode resolved = created(postUpdate(id, Map.of("phase", "resolved",
        "message", "All transfers go through again.")));
    assertThat(resolved.get("resolvedAt").asString()).isNotBlank();
    assertThat(resolved.get("updates")).hasSize(4);
    assertThat(state("cross_border")).isEqualTo("operational");

    HttpResponse<String> late = postUpdate(id, Map.of("phase", "monitoring", "message", "Late."));
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(json.readTree(late.body()).get("code").asString()).isEqualTo("incident_resolved");
    HttpResponse<String> again = send("POST", "/api/v1/admin/status/incidents/" + id + "/resolve",
        ADMIN, "");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json.readTree(again.body()).get("updates")).as("resolving twice adds nothing")
        .hasSize(4);
  }

  @Test
  void resolvingAddsAResolvedUpdate() throws Exception {
    String id = open("Sign-in slow", "login", "degraded", "Sign-in takes long.");
    JsonNode resolved = json.readTree(send("POST",
        "/api/v1/admin/status/incidents/" + id + "/resolve", ADMIN, "").body());
    assertThat(phases(resolved)).containsExactly("investigating", "resolved");
    assertThat(resolved.get("message").asString()).isEqualTo(StatusApi.RESOLVED_MESSAGE);
  }

  @Test
  void unknownIncidentsStrangersAndBadInputAreRefused() throws Exception {
    HttpResponse<String> unknown = postUpdate(UUID.randomUUID().toString(),
        Map.of("phase", "identified", "message", "x"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).get("code").asString())
        .isEqualTo("incident_not_found");

    String id = open("Checkout errors", "merchant_checkout", "partial_outage", "Errors.");
    String body = json.writeValueAsString(Map.of("phase", "identified", "message", "Found it."));
    String customer = customerToken();
    int asCustomer = send("POST", updatesPath(id), customer, body).statusCode();
    int anonymous = send("POST", updatesPath(id), null, body).statusCode();
    assertThat(asCustomer).isEqualTo(403);
    assertThat(anonymous).isEqualTo(401);

    for (Map<String, String> bad : List.of(Map.of("phase", "fixed", "message", "m"),
        Map.of("phase", "identified", "message", ""),
        Map.of("phase", "identified", "message", "m", "impact", "operational"),
        Map.of("phase", "identified", "message", "x".repeat(2001)))) {
      HttpResponse<String> refused = postUpdate(id, bad);
      assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("code").asString())
          .isEqualTo("validation_failed");
    }
    assertThat(jdbc.sql("select count(*) from status.incident_updates where incident_id = :id")
        .param("id", UUID.fromString(id)).query(Integer.class).single())
        .as("nothing refused was added").isEqualTo(1);
  }

  @Test
  void theFeedAndThePageShowTheTimeline() throws Exception {
    String id = open("Card top-ups fail", "card_topups", "major_outage", "Top-ups fail <now>.");
    JsonNode last = created(postUpdate(id, Map.of("phase", "identified",
        "message", "The card network rejects requests & we know why.")));
    Instant newest = Instant.parse(last.get("updates").get(1).get("at").asString());

    Element entry = feedEntry(id);
    assertThat(text(entry, "updated")).isEqualTo(newest.toString());
    String content = text(entry, "content");
    assertThat(content).contains("<strong>Investigating</strong>")
        .contains("Top-ups fail &lt;now&gt;.")
        .contains("<strong>Identified</strong>")
        .contains("The card network rejects requests &amp; we know why.");
    assertThat(content.indexOf("Investigating")).isLessThan(content.indexOf("Identified"));

    String page = http.send(HttpRequest.newBuilder(uri("/status?lang=zh-CN"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(page).contains("正在调查").contains("已查明原因")
        .contains("The card network rejects requests &amp; we know why.");

    JsonNode overview = json.readTree(send("GET", "/api/v1/status", null, null).body());
    JsonNode incident = null;
    for (JsonNode i : overview.get("incidents")) {
      if (i.get("id").asString().equals(id)) {
        incident = i;
      }
    }
    assertThat(incident).isNotNull();
    assertThat(incident.get("updates")).hasSize(2);
    assertThat(incident.get("message").asString())
        .isEqualTo("The card network rejects requests & we know why.");
  }

  // --- helpers -----------------------------------------------------------------------------

  private String open(String title, String component, String impact, String message)
      throws Exception {
    HttpResponse<String> opened = send("POST", "/api/v1/admin/status/incidents", ADMIN,
        json.writeValueAsString(Map.of("title", title, "components", new String[] {component},
            "impact", impact, "message", message)));
    JsonNode incident = created(opened);
    assertThat(phases(incident)).containsExactly("investigating");
    return incident.get("id").asString();
  }

  private HttpResponse<String> postUpdate(String id, Map<String, String> body) throws Exception {
    return send("POST", updatesPath(id), ADMIN, json.writeValueAsString(body));
  }

  private static String updatesPath(String id) {
    return "/api/v1/admin/status/incidents/" + id + "/updates";
  }

  private JsonNode created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json.readTree(response.body());
  }

  private static List<String> phases(JsonNode incident) {
    List<String> phases = new ArrayList<>();
    incident.get("updates").forEach(u -> phases.add(u.get("phase").asString().toLowerCase()));
    return phases;
  }

  private static List<String> messages(JsonNode incident) {
    List<String> messages = new ArrayList<>();
    incident.get("updates").forEach(u -> messages.add(u.get("message").asString()));
    return messages;
  }

  private String state(String component) throws Exception {
    return json.readTree(send("GET", "/api/v1/status", null, null).body()).get("components")
        .get(component).asString();
  }

  private String customerToken() {
    return users.user().unverified().create().token();
  }

  private Element feedEntry(String id) throws Exception {
    String feed = send("GET", "/status/feed.atom", null, null).body();
    Document doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)));
    NodeList entries = doc.getElementsByTagName("entry");
    for (int i = 0; i < entries.getLength(); i++) {
      Element entry = (Element) entries.item(i);
      if (text(entry, "id").equals("urn:uuid:" + id)) {
        return entry;
      }
    }
    throw new AssertionError("no feed entry for " + id);
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
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
