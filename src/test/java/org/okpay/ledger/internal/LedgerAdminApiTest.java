package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator API over real HTTP: auth, idempotency, typed errors, statements, invariants. */
@OkPayTest
class LedgerAdminApiTest {

  private static final String TOKEN = "test-admin-token"; // src/test/resources/config/application.yml

  @LocalServerPort int port;
  @Autowired JsonMapper json;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void refusesCallsWithoutTheAdminToken() throws Exception {
    HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/invariants")).build());
    HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/invariants"))
        .header("Authorization", "Bearer not-the-token").build());

    assertProblem(none, 401, "unauthorized");
    assertProblem(wrong, 401, "unauthorized");
  }

  @Test
  void opensAccountsIdempotentlyAndValidatesFields() throws Exception {
    String body = account("customer", "alice-" + run, "USD");
    JsonNode first = body(send(post("/accounts", body).build()), 201);
    JsonNode again = body(send(post("/accounts", body).build()), 201);
    assertThat(again.get("id").asLong()).isEqualTo(first.get("id").asLong());
    assertThat(first.get("balanceMinor").asLong()).isZero();

    HttpResponse<String> badCurrency = send(post("/accounts",
        account("customer", "bob-" + run, "XYZ")).build());
    assertProblem(badCurrency, 400, "validation_failed");
    assertThat(parse(badCurrency).get("errors").get(0).get("field").asString()).isEqualTo("currency");

    HttpResponse<String> badType = send(post("/accounts",
        account("pirate", "bob-" + run, "USD")).build());
    assertProblem(badType, 400, "validation_failed");
    assertThat(parse(badType).get("errors").get(0).get("field").asString()).isEqualTo("ownerType");
  }

  @Test
  void transfersAreIdempotentByKeyAndRejectionsChangeNothing() throws Exception {
    long rail = openAccount("system", "rail-" + run);
    long alice = openAccount("customer", "alice-" + run);
    long bob = openAccount("customer", "bob-" + run);
    String fund = transfer(rail, alice, 10_000);

    HttpResponse<String> noKey = send(post("/transfers", fund).build());
    assertProblem(noKey, 400, "idempotency_key_missing");

    JsonNode created = body(send(post("/transfers", fund).header("Idempotency-Key", "fund-" + run)
        .build()), 201);
    JsonNode replayed = body(send(post("/transfers", fund).header("Idempotency-Key", "fund-" + run)
        .build()), 200);
    assertThat(replayed.get("replayed").asBoolean()).isTrue();
    assertThat(replayed.get("transfers").get(0).get("id").asString())
        .isEqualTo(created.get("transfers").get(0).get("id").asString());

    HttpResponse<String> reused = send(post("/transfers", transfer(rail, alice, 9_999))
        .header("Idempotency-Key", "fund-" + run).build());
    assertProblem(reused, 422, "idempotency_key_reused");
    assertThat(parse(reused).get("result").asString()).isEqualTo("exists_with_different_amount");

    HttpResponse<String> overdraw = send(post("/transfers", transfer(alice, bob, 10_001))
        .header("Idempotency-Key", "overdraw-" + run).build());
    assertProblem(overdraw, 409, "insufficient_funds");
    assertThat(balance(alice)).isEqualTo(10_000);
    assertThat(balance(bob)).isZero();
  }

  @Test
  void statementPagesThroughLinesWrittenAtTheSameTime() throws Exception {
    long rail = openAccount("system", "rail-" + run);
    long alice = openAccount("customer", "alice-" + run);
    // Linked legs commit in one batch: one created_at, told apart by seq alone.
    String four = "{\"transfers\":[" + leg(rail, alice, 100) + "," + leg(rail, alice, 200) + ","
        + leg(rail, alice, 300) + "," + leg(rail, alice, 400) + "]}";
    body(send(post("/transfers", four).header("Idempotency-Key", "four-" + run).build()), 201);

    JsonNode page1 = body(send(get("/accounts/" + alice + "/statement?limit=3").build()), 200);
    assertThat(page1.get("lines").valueStream().map(l -> l.get("balanceAfterMinor").asLong()))
        .containsExactly(1_000L, 600L, 300L);
    JsonNode page2 = body(send(get("/accounts/" + alice + "/statement?limit=3&cursor="
        + page1.get("nextCursor").asString()).build()), 200);
    assertThat(page2.get("lines").valueStream().map(l -> l.get("balanceAfterMinor").asLong()))
        .containsExactly(100L);
    assertThat(page2.get("nextCursor")).isNull();
  }

  @Test
  void linkedTransfersApplyAllOrNone() throws Exception {
    long rail = openAccount("system", "rail-" + run);
    long alice = openAccount("customer", "alice-" + run);
    long bob = openAccount("customer", "bob-" + run);
    body(send(post("/transfers", transfer(rail, alice, 500)).header("Idempotency-Key", "f-" + run)
        .build()), 201);

    String both = "{\"transfers\":[" + leg(alice, bob, 300) + "," + leg(alice, bob, 300) + "]}";
    HttpResponse<String> refused = send(post("/transfers", both)
        .header("Idempotency-Key", "both-" + run).build());

    assertProblem(refused, 409, "insufficient_funds");
    assertThat(parse(refused).get("index").asInt()).isEqualTo(1);
    assertThat(balance(alice)).isEqualTo(500);
    assertThat(balance(bob)).isZero();
  }

  @Test
  void statementShowsRunningBalanceAndPagesBackwards() throws Exception {
    long rail = openAccount("system", "rail-" + run);
    long alice = openAccount("customer", "alice-" + run);
    Instant beforeAny = Instant.now();
    for (int i = 1; i <= 3; i++) {
      body(send(post("/transfers", transfer(rail, alice, i * 100L))
          .header("Idempotency-Key", "s" + i + "-" + run).build()), 201);
    }
    JsonNode page1 = body(send(get("/accounts/" + alice + "/statement?limit=2").build()), 200);
    assertThat(page1.get("lines")).hasSize(2);
    assertThat(page1.get("lines").get(0).get("balanceAfterMinor").asLong()).isEqualTo(600);
    assertThat(page1.get("lines").get(0).get("postedChangeMinor").asLong()).isEqualTo(300);
    assertThat(page1.get("lines").get(1).get("balanceAfterMinor").asLong()).isEqualTo(300);
    String cursor = page1.get("nextCursor").asString();

    JsonNode page2 = body(send(get("/accounts/" + alice + "/statement?limit=2&cursor=" + cursor)
        .build()), 200);
    assertThat(page2.get("lines")).hasSize(1);
    assertThat(page2.get("lines").get(0).get("balanceAfterMinor").asLong()).isEqualTo(100);
    assertThat(page2.get("nextCursor")).isNull();

    JsonNode past = body(send(get("/accounts/" + alice + "/balance?at=" + beforeAny).build()), 200);
    assertThat(past.get("balanceMinor").asLong()).isZero();
    JsonNode now = body(send(get("/accounts/" + alice + "/balance").build()), 200);
    assertThat(now.get("balanceMinor").asLong()).isEqualTo(600);

    for (String bad : List.of("abc", "12", "-1.5", "1.-5", ".5", "5.")) {
      assertProblem(send(get("/accounts/" + alice + "/statement?cursor=" + bad).build()), 400,
          "validation_failed");
    }
    assertProblem(send(get("/accounts/" + alice + "/statement?limit=0").build()), 400,
        "validation_failed");
    assertProblem(send(get("/accounts/999999999999/statement").build()), 404, "account_not_found");
  }

  @Test
  void frozenAccountsReceiveButCannotSend() throws Exception {
    long rail = openAccount("system", "rail-" + run);
    long alice = openAccount("customer", "alice-" + run);
    long bob = openAccount("customer", "bob-" + run);
    body(send(post("/transfers", transfer(rail, alice, 100)).header("Idempotency-Key", "a-" + run)
        .build()), 201);
    body(send(post("/accounts/" + alice + "/freeze", "").build()), 200);

    body(send(post("/transfers", transfer(rail, alice, 50)).header("Idempotency-Key", "b-" + run)
        .build()), 201);
    assertProblem(send(post("/transfers", transfer(alice, bob, 10))
        .header("Idempotency-Key", "c-" + run).build()), 409, "account_frozen");
    assertThat(balance(alice)).isEqualTo(150);

    assertProblem(send(post("/accounts/" + alice + "/close", "").build()), 409, "account_not_empty");
  }

  @Test
  void invariantsHold() throws Exception {
    JsonNode report = body(send(get("/invariants").build()), 200);
    assertThat(report.get("unbalancedCurrencies")).isEmpty();
    assertThat(report.get("accountsNotMatchingTransfers")).isEmpty();
    assertThat(report.get("negativeAccounts")).isEmpty();
  }

  private long openAccount(String type, String owner) throws Exception {
    return body(send(post("/accounts", account(type, owner, "USD")).build()), 201)
        .get("id").asLong();
  }

  private long balance(long account) throws Exception {
    return body(send(get("/accounts/" + account).build()), 200).get("balanceMinor").asLong();
  }

  private static String account(String type, String owner, String currency) {
    return """
        {"ownerType":"%s","ownerId":"%s","currency":"%s","kind":"wallet"}
        """.formatted(type, owner, currency);
  }

  private static String transfer(long debit, long credit, long amount) {
    return "{\"transfers\":[" + leg(debit, credit, amount) + "]}";
  }

  private static String leg(long debit, long credit, long amount) {
    return """
        {"kind":"posted","debitAccountId":%d,"creditAccountId":%d,"amountMinor":%d,
         "currency":"USD","code":"test"}
        """.formatted(debit, credit, amount);
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + "/api/v1/admin/ledger" + path);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode body(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return parse(response);
  }

  private JsonNode parse(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  private void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = parse(response);
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(problem.get("detail").asString()).isNotBlank();
  }
}
