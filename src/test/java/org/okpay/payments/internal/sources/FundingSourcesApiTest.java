package org.okpay.payments.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TotpTestCodes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cards and bank accounts over the real HTTP API: add, list, remove, the checks on each field,
 * verification (instant and by micro-deposits), step-up, the limit, one user against another,
 * and that the card number and CVC end up nowhere in the database or the log.
 */
@OkPayTest
@ExtendWith(OutputCaptureExtension.class)
class FundingSourcesApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired FundingSourceLookup lookup;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void addListShowAndRemoveACard() throws Exception {
    String token = newToken();

    HttpResponse<String> added = post("/api/v1/me/cards", card("4242 4242 4242 4242", "123"),
        token);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(added.body()).doesNotContain("4242424242424242").doesNotContain("\"123\"");
    JsonNode card = json.readTree(added.body());
    assertThat(card.get("brand").asString()).isEqualTo("visa");
    assertThat(card.get("last4").asString()).isEqualTo("4242");
    assertThat(card.get("state").asString()).isEqualTo("active");
    assertThat(card.get("holderName").asString()).isEqualTo("Pat Lee");
    String id = card.get("id").asString();
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).containsExactly(id);
    assertThat(json.readTree(ok(get("/api/v1/me/cards/" + id, token)).body())).isEqualTo(card);

    assertThat(delete("/api/v1/me/cards/" + id, token).statusCode()).isEqualTo(204);

    assertProblem(get("/api/v1/me/cards/" + id, token), 404, "card_not_found");
    assertProblem(delete("/api/v1/me/cards/" + id, token), 404, "card_not_found");
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).isEmpty();
    // Removal is soft: past transactions can still show the card.
    assertThat(jdbc.sql("select removed_at is not null from payments.cards where id = :id")
        .param("id", UUID.fromString(id)).query(Boolean.class).single()).isTrue();
  }

  @Test
  void anExpiredCardIsRefusedAndNothingIsKept() throws Exception {
    String token = newToken();
    YearMonth lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1);

    HttpResponse<String> refused = post("/api/v1/me/cards", json.writeValueAsString(Map.of(
        "number", "4242424242424242", "expiryMonth", lastMonth.getMonthValue(),
        "expiryYear", lastMonth.getYear(), "cvc", "123", "holderName", "Pat Lee")), token);

    JsonNode problem = assertProblem(refused, 422, "card_expired");
    assertThat(problem.get("detail").asString()).contains("use another one");
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).isEmpty();
  }

  @Test
  void anInvalidNumberOrCvcIsRefusedWithTheField() throws Exception {
    String token = newToken();

    HttpResponse<String> badNumber = post("/api/v1/me/cards", card("4242424242424241", "123"),
        token);
    HttpResponse<String> badCvc = post("/api/v1/me/cards", card("4242424242424242", "12a"),
        token);
    HttpResponse<String> letters = post("/api/v1/me/cards", card("4242abcd42424242", "123"),
        token);

    assertThat(fields(assertProblem(badNumber, 400, "card_number_invalid"))).containsExactly("number");
    assertThat(badNumber.body()).doesNotContain("4242424242424241");
    assertThat(fields(assertProblem(badCvc, 400, "validation_failed"))).containsExactly("cvc");
    assertThat(fields(assertProblem(letters, 400, "card_number_invalid"))).containsExactly("number");
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).isEmpty();
  }

  @Test
  void theSameCardTwiceIsOneCard() throws Exception {
    String token = newToken();

    String first = json.readTree(post("/api/v1/me/cards", card("5555555555554444", "123"), token)
        .body()).get("id").asString();
    String second = json.readTree(post("/api/v1/me/cards", card("5555 5555 5555 4444", "999"),
        token).body()).get("id").asString();

    assertThat(second).isEqualTo(first);
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).containsExactly(first);
  }

  @Test
  void tenCardsAreTheMostButTheSameCardStillComesBack() throws Exception {
    String token = newToken();
    List<String> numbers = new ArrayList<>();
    for (int i = 10; i <= 20; i++) {
      numbers.add(luhnComplete("4000000000000" + i));
    }
    for (String number : numbers.subList(0, 10)) {
      assertThat(post("/api/v1/me/cards", card(number, "123"), token).statusCode()).isEqualTo(201);
    }

    HttpResponse<String> eleventh = post("/api/v1/me/cards", card(numbers.get(10), "123"), token);

    assertThat(assertProblem(eleventh, 409, "funding_sources_full").get("max").asInt())
        .isEqualTo(10);
    assertThat(post("/api/v1/me/cards", card(numbers.get(0), "123"), token).statusCode())
        .isEqualTo(201);
    assertThat(ids(get("/api/v1/me/cards", token), "cards")).hasSize(10);
  }

  @Test
  void userACannotSeeOrTouchUserBsCardsAndBankAccounts() throws Exception {
    String alice = newToken();
    String bob = newToken();
    UUID bobId = UUID.fromString(json.readTree(get("/api/v1/me", bob).body()).get("id").asString());
    UUID aliceId = UUID.fromString(json.readTree(get("/api/v1/me", alice).body()).get("id")
        .asString());
    String card = json.readTree(post("/api/v1/me/cards", card("4242424242424242", "123"), bob)
        .body()).get("id").asString();
    String pending = json.readTree(post("/api/v1/me/bank-accounts", bank("000555555553", null),
        bob).body()).get("id").asString();
    String verified = json.readTree(post("/api/v1/me/bank-accounts", bank("000123456789", null),
        bob).body()).get("id").asString();

    assertProblem(get("/api/v1/me/cards/" + card, alice), 404, "card_not_found");
    assertProblem(delete("/api/v1/me/cards/" + card, alice), 404, "card_not_found");
    for (String account : List.of(pending, verified)) {
      assertProblem(get("/api/v1/me/bank-accounts/" + account, alice), 404,
          "bank_account_not_found");
      assertProblem(delete("/api/v1/me/bank-accounts/" + account, alice), 404,
          "bank_account_not_found");
      assertProblem(post("/api/v1/me/bank-accounts/" + account + "/micro-deposits",
          "{\"firstMinor\":32,\"secondMinor\":45}", alice), 404, "bank_account_not_found");
    }
    assertThat(ids(get("/api/v1/me/cards", alice), "cards")).isEmpty();
    assertThat(ids(get("/api/v1/me/bank-accounts", alice), "bankAccounts")).isEmpty();

    // Bob's are untouched: still there, still pending.
    assertThat(ids(get("/api/v1/me/cards", bob), "cards")).containsExactly(card);
    assertThat(json.readTree(get("/api/v1/me/bank-accounts/" + pending, bob).body())
        .get("state").asString()).isEqualTo("pending_verification");
    // The core's lookups are scoped the same way.
    assertThat(lookup.cardToken(bobId, UUID.fromString(card))).isPresent();
    assertThat(lookup.cardToken(aliceId, UUID.fromString(card))).isEmpty();
    assertThat(lookup.verifiedBankAccount(bobId, UUID.fromString(verified))).isPresent();
    assertThat(lookup.verifiedBankAccount(aliceId, UUID.fromString(verified))).isEmpty();
    assertThat(lookup.verifiedBankAccount(bobId, UUID.fromString(pending))).isEmpty();
  }

  @Test
  void aBankAccountIsVerifiedAtOnceOrByTwoMicroDeposits() throws Exception {
    String token = newToken();
    UUID userId = UUID.fromString(json.readTree(get("/api/v1/me", token).body()).get("id")
        .asString());

    JsonNode instant = json.readTree(post("/api/v1/me/bank-accounts", bank("000123456789", null),
        token).body());
    JsonNode micro = json.readTree(post("/api/v1/me/bank-accounts",
        bank("gb03 sbox 0000 0000 0055 53", null), token).body());

    assertThat(instant.get("state").asString()).isEqualTo("verified");
    assertThat(instant.get("accountMasked").asString()).isEqualTo("•••• 6789");
    assertThat(instant.get("currency").asString()).isEqualTo("EUR");
    assertThat(micro.get("state").asString()).isEqualTo("pending_verification");
    String microId = micro.get("id").asString();
    assertThat(lookup.verifiedBankAccount(userId, UUID.fromString(microId))).isEmpty();
    JsonNode wrong = assertProblem(post("/api/v1/me/bank-accounts/" + microId
        + "/micro-deposits", "{\"firstMinor\":30,\"secondMinor\":45}", token), 422,
        "micro_deposits_wrong");
    assertThat(wrong.get("attemptsLeft").asInt()).isEqualTo(2);

    HttpResponse<String> right = post("/api/v1/me/bank-accounts/" + microId + "/micro-deposits",
        "{\"firstMinor\":45,\"secondMinor\":32}", token);

    assertThat(json.readTree(ok(right).body()).get("state").asString()).isEqualTo("verified");
    assertThat(lookup.verifiedBankAccount(userId, UUID.fromString(microId)))
        .hasValueSatisfying(d -> assertThat(d.accountNumber()).isEqualTo("GB03SBOX00000000005553"));
  }

  @Test
  void threeWrongMicroDepositTriesRejectTheAccount() throws Exception {
    String token = newToken();
    String id = json.readTree(post("/api/v1/me/bank-accounts", bank("000555555553", null), token)
        .body()).get("id").asString();
    String path = "/api/v1/me/bank-accounts/" + id + "/micro-deposits";

    for (int left = 2; left >= 0; left--) {
      JsonNode wrong = assertProblem(post(path, "{\"firstMinor\":1,\"secondMinor\":2}", token),
          422, "micro_deposits_wrong");
      assertThat(wrong.get("attemptsLeft").asInt()).isEqualTo(left);
    }

    assertThat(json.readTree(get("/api/v1/me/bank-accounts/" + id, token).body()).get("state")
        .asString()).isEqualTo("rejected");
    assertProblem(post(path, "{\"firstMinor\":32,\"secondMinor\":45}", token), 409,
        "bank_account_rejected");
    assertProblem(post(path, "{\"firstMinor\":-1,\"secondMinor\":45}", token), 400,
        "validation_failed");
  }

  @Test
  void bankAccountFieldsAreCheckedAndNamed() throws Exception {
    String token = newToken();

    HttpResponse<String> bad = post("/api/v1/me/bank-accounts", json.writeValueAsString(Map.of(
        "holderName", " ", "accountNumber", "12", "bankCode", "20-00-00", "country", "XX",
        "currency", "ABC")), token);
    HttpResponse<String> unsupported = post("/api/v1/me/bank-accounts", json.writeValueAsString(
        Map.of("holderName", "Pat Lee", "accountNumber", "000123456789", "country", "US",
            "currency", "CHF")), token);

    assertThat(fields(assertProblem(bad, 400, "validation_failed")))
        .containsExactly("holderName", "accountNumber", "country", "currency");
    assertThat(fields(assertProblem(unsupported, 400, "validation_failed")))
        .containsExactly("currency");
    assertThat(ids(get("/api/v1/me/bank-accounts", token), "bankAccounts")).isEmpty();
  }

  @Test
  void addingABankAccountNeedsAFreshSecondFactorWhenTwoFactorIsOn() throws Exception {
    String token = newToken();
    JsonNode setup = json.readTree(post("/api/v1/me/two-factor", "{}", token).body());
    String secret = setup.get("secret").asString();
    assertThat(post("/api/v1/me/two-factor/confirm",
        "{\"code\":\"" + TotpTestCodes.code(secret, 0) + "\"}",
        token).statusCode()).isEqualTo(200);

    assertProblem(post("/api/v1/me/bank-accounts", bank("000123456789", null), token), 401,
        "second_factor_required");
    assertThat(ids(get("/api/v1/me/bank-accounts", token), "bankAccounts")).isEmpty();

    HttpResponse<String> added = post("/api/v1/me/bank-accounts",
        bank("000123456789", TotpTestCodes.code(secret, 1)), token);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(ids(get("/api/v1/me/bank-accounts", token), "bankAccounts")).hasSize(1);
  }

  @Test
  void theCardNumberAndCvcAreInNoTextColumnAndNoLogLine(CapturedOutput output) throws Exception {
    String token = newToken();
    String number = "5555555555554444";
    String cvc = "7391";

    assertThat(post("/api/v1/me/cards", card("5555 5555 5555 4444", cvc), token).statusCode())
        .isEqualTo(201);
    post("/api/v1/me/cards", "{\"number\":\"" + number + "\",\"cvc\":", token); // malformed

    List<String> columns = jdbc.sql("""
        select format('%I.%I.%I', table_schema, table_name, column_name)
          from information_schema.columns
         where table_schema in ('payments', 'sandbox')
           and data_type in ('text', 'character varying', 'character')
        """).query(String.class).list();
    assertThat(columns).contains("payments.cards.last4", "sandbox.cards.fingerprint");
    for (String column : columns) {
      String[] parts = column.split("\\.");
      long hits = jdbc.sql("select count(*) from " + parts[0] + "." + parts[1] + " where "
          + parts[2] + " like :number or " + parts[2] + " ~ :cvc")
          // Not inside a hyphenated token: a UUID's 4-hex-digit group may read 7391 by chance.
          .param("number", "%" + number + "%")
          .param("cvc", "(^|[^-0-9A-Za-z])" + cvc + "($|[^-0-9A-Za-z])")
          .query(Long.class).single();
      assertThat(hits).as(column).isZero();
    }
    assertThat(output.getAll()).doesNotContain(number).doesNotContain("5555 5555 5555 4444");
  }

  // --- helpers -----------------------------------------------------------------------------

  private String card(String number, String cvc) throws Exception {
    return json.writeValueAsString(Map.of("number", number, "expiryMonth", 12,
        "expiryYear", YearMonth.now(ZoneOffset.UTC).getYear() + 4, "cvc", cvc,
        "holderName", "Pat Lee"));
  }

  private String bank(String accountNumber, String code) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("holderName", "Pat Lee",
        "accountNumber", accountNumber, "bankCode", "", "country", "DE", "currency", "EUR"));
    if (code != null) {
      body.put("secondFactorCode", code);
    }
    return json.writeValueAsString(body);
  }

  /** The check digit that makes {@code partial} a valid card number. */
  static String luhnComplete(String partial) {
    for (int d = 0; d <= 9; d++) {
      String candidate = partial + d;
      int sum = 0;
      for (int i = 0; i < candidate.length(); i++) {
        int v = candidate.charAt(candidate.length() - 1 - i) - '0';
        sum += i % 2 == 0 ? v : (v * 2 > 9 ? v * 2 - 9 : v * 2);
      }
      if (sum % 10 == 0) {
        return candidate;
      }
    }
    throw new IllegalStateException("no check digit for " + partial);
  }

  /** A new signed-in user (funding sources need no confirmed address). */
  private String newToken() {
    return users.user().unverified().country("DE").currency("EUR").create().token();
  }

  private JsonNode assertProblem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    return problem;
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }

  private List<String> ids(HttpResponse<String> response, String list) throws Exception {
    List<String> ids = new ArrayList<>();
    json.readTree(ok(response).body()).get(list).forEach(c -> ids.add(c.get("id").asString()));
    return ids;
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
