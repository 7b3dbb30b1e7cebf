package org.okpay.payments.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's JSON: public test numbers and clock; moving the clock is the operator's. */
@OkPayTest
class SandboxControlsApiTest {

  private static final String ADMIN = "test-admin-token";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyoneSeesTheTestNumbersAndTheClock() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/sandbox")).build());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("testCards").get(0).get("number").asString()).isEqualTo("4242424242424242");
    assertThat(body.get("testCards").get(0).get("behaviour").asString()).isEqualTo("approves");
    assertThat(body.get("testBankAccounts").get(1).get("behaviour").asString())
        .isEqualTo("bank_account_closed");
    assertThat(body.get("timeFactor").asLong()).isEqualTo(1);
    assertThat(Instant.parse(body.get("now").asString())).isAfter(Instant.now().minusSeconds(5));
  }

  @Test
  void theOperatorMovesTheClockAndNobodyElse() throws Exception {
    Instant before = Instant.parse(json.readTree(send(HttpRequest.newBuilder(
        uri("/api/v1/sandbox")).build()).body()).get("now").asString());

    HttpResponse<String> moved = advance("{\"seconds\":600}", ADMIN);

    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    Instant after = Instant.parse(json.readTree(moved.body()).get("now").asString());
    assertThat(Duration.between(before, after)).isBetween(Duration.ofMinutes(10),
        Duration.ofMinutes(11));
    assertThat(advance("{\"seconds\":600}", null).statusCode()).isEqualTo(401);
    assertThat(advance("{\"seconds\":600}", customerToken()).statusCode()).isEqualTo(403);
    for (String wrong : new String[] {"{\"seconds\":0}", "{\"seconds\":2592001}",
        "{\"seconds\":-5}", "{\"seconds\":9223372036854775807}", "{}"}) {
      HttpResponse<String> refused = advance(wrong, ADMIN);
      assertThat(refused.statusCode()).as(wrong).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("code").asString())
          .isEqualTo("validation_failed");
    }
  }

  private String customerToken() {
    return users.user().unverified().create().token();
  }

  private HttpResponse<String> advance(String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/admin/sandbox/advance"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
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
}
