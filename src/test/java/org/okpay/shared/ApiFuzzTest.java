package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI-driven fuzzer over every operation of the live API: no answer may be a 5xx, and
 * every error must be problem+json with a code. In the suite it sends a few requests per
 * operation with a fixed seed; {@code bench/fuzz.sh} runs it long
 * ({@code -Dokpay.fuzz.requests-per-operation=200}, a new seed each time, printed). Its own
 * database, because well-formed admin calls (moving the sandbox clock, opening ledger accounts)
 * must not reach the other tests' data.
 */
@OkPayTest
class ApiFuzzTest {

  static final long DEFAULT_SEED = 20_261_207L;

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("fuzz"));
  }

  private static String signedIn;

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;

  @Test
  void noServerErrorAndEveryErrorIsProblemJson() throws Exception {
    long seed = Long.getLong("okpay.fuzz.seed", DEFAULT_SEED);
    int perOperation = Integer.getInteger("okpay.fuzz.requests-per-operation", 3);
    MoneyFixture money = new MoneyFixture(port, json, mailbox);
    MoneyFixture.User user = money.user("USD");
    money.fund(user, 50_000, "USD");
    RawHttp http = new RawHttp("127.0.0.1", port);
    JsonNode doc = json.readTree(http.send("GET", "/v3/api-docs".getBytes(), List.of(),
        null).body());
    System.out.println("fuzz seed=" + seed + " requests-per-operation=" + perOperation
        + " (replay: -Dokpay.fuzz.seed=" + seed + ")");

    ApiFuzzer.Report report = new ApiFuzzer(http, doc, seed, user.token(), MoneyFixture.ADMIN)
        .run(perOperation);

    report.samples().forEach(s -> System.out.println("fuzz finding: " + s));
    System.out.println(report.line());
    assertThat(report.requests()).isGreaterThanOrEqualTo(80 * perOperation);
    assertThat(report.samples()).as(report.line()).isEmpty();
  }

  /** Each fault the fuzzing of issue 13 found, answered as a 400 problem, not retryable. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GET  | /api/v1/status?a=%                                        | -                        | malformed_request
      GET  | /api/v1/status?%zz=1                                     | -                        | malformed_request
      GET  | /api/v1/status?a=%E0%A4%A                                | -                        | malformed_request
      GET  | /api/v1/status?=&&=                                      | -                        | malformed_request
      GET  | /api/v1/me/notifications?limit=%zz                       | -                        | malformed_request
      GET  | /api/v1/me/transactions?to=%2B1000000000-01-01T00%3A00%3A00Z | -                    | validation_failed
      POST | /api/v1/auth/tokens                                      | Content-Type: */*        | malformed_request
      POST | /api/v1/me/transfers                                     | Idempotency-Key: ключ    | malformed_request
      POST | /api/v1/me/transfers                                     | Content-Type: multipart/form-data | malformed_request
      GET  | /api/v1/%ff%fe                                           | -                        | malformed_request
      GET  | /api/v1/a%00b                                            | -                        | malformed_request
      GET  | /api/v1/status                                           | Accept-Language: ;;;     | malformed_request
      """)
  void knownFaultsAreProblemJson400s(String method, String target, String header, String code)
      throws Exception {
    String token = fuzzUserToken();
    List<byte[]> headers = new ArrayList<>(List.of(
        ("Authorization: Bearer " + token).getBytes(StandardCharsets.US_ASCII)));
    if (!"-".equals(header)) {
      headers.add(header.getBytes(StandardCharsets.UTF_8));
    }
    if (!header.startsWith("Content-Type") && method.equals("POST")) {
      headers.add("Content-Type: application/json".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] body = method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null;

    RawHttp.Response response = new RawHttp("127.0.0.1", port)
        .send(method, target.getBytes(StandardCharsets.ISO_8859_1), headers, body);

    assertProblem(response, 400, code);
  }

  @Test
  void overLongPathAndNonTextInJsonAreProblemJson400s() throws Exception {
    RawHttp http = new RawHttp("127.0.0.1", port);
    assertProblem(http.send("GET", ("/api/v1/" + "a".repeat(9_000)).getBytes(
        StandardCharsets.US_ASCII), List.of(), null), 400, "malformed_request");
    List<byte[]> json = List.of("Content-Type: application/json".getBytes(StandardCharsets.US_ASCII));
    assertProblem(http.send("POST", "/api/v1/auth/password-reset".getBytes(StandardCharsets.US_ASCII),
        json, "{\"email\":\"a\\u0000b@example.com\"}".getBytes(StandardCharsets.UTF_8)),
        400, "validation_failed");
    assertProblem(http.send("POST", "/api/v1/auth/tokens".getBytes(StandardCharsets.US_ASCII), json,
        "{\"email\":\"a@example.com\",\"password\":\"\\ud800\"}".getBytes(
            StandardCharsets.UTF_8)), 400, "validation_failed");
  }

  private void assertProblem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("content-type")).startsWith("application/problem+json");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("code").asString()).isEqualTo(code);
    assertThat(problem.path("retryable").asBoolean(true)).isFalse();
  }

  private String fuzzUserToken() throws Exception {
    if (signedIn == null) {
      signedIn = new MoneyFixture(port, json, mailbox).unverifiedUser("USD").token();
    }
    return signedIn;
  }
}
