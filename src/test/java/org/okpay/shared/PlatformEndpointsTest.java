package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators and API users rely on: health with the database, metrics, OpenAPI. */
@OkPayTest
class PlatformEndpointsTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthIncludesTheDatabase() throws Exception {
    JsonNode health = json.readTree(get("/actuator/health").body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void prometheusExposesLedgerMetrics() throws Exception {
    HttpResponse<String> metrics = get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("okpay_ledger_batch_transfers").contains("jvm_memory");
  }

  @Test
  void openApiDocumentDescribesTheApiIn31() throws Exception {
    JsonNode doc = json.readTree(get("/v3/api-docs").body());
    assertThat(doc.get("openapi").asString()).startsWith("3.1");
    assertThat(doc.get("paths").has("/api/v1/admin/ledger/transfers")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/me/transfers")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/me/transactions/{id}")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/me/cards")).isTrue();
    assertThat(doc.get("paths").has("/api/v1/me/fx/quotes")).isTrue();
    HttpResponse<String> ui = get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
