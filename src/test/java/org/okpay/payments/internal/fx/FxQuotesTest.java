package org.okpay.payments.internal.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.FxApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PricingApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FX quotes, the operator's rate table and executing a quote, through the real HTTP API and the
 * real database. Every test starts from the bundled rates, set through the admin API.
 */
@OkPayTest
class FxQuotesTest {

  static final String ADMIN = "test-admin-token";
  static final Map<String, String> BUNDLED = Map.of("CNY", "7.1042", "EUR", "0.8634",
      "GBP", "0.7598", "JPY", "156.42", "HKD", "7.7836");

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired FxApi fx;
  @Autowired PricingApi pricing;
  @Autowired QuoteBook book;

  private final HttpClient http = HttpClient.newHttpClient();

  record User(UUID id, String token) {
  }

  @BeforeEach
  void bundledRates() throws Exception {
    assertThat(putRates("USD", BUNDLED, ADMIN).statusCode()).isEqualTo(200);
  }

  @Test
  void aQuoteForTheAmountSentFollowsTheMoneyRule() throws Exception {
    User user = newUser();

    HttpResponse<String> created = post("/api/v1/me/fx/quotes",
        quoteBody("convert", "USD", "JPY", 10_000, 0), user.token());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode q = json.readTree(created.body());
    assertThat(q.get("operation").asString()).isEqualTo("convert");
    assertThat(q.get("sourceAmountMinor").asLong()).isEqualTo(10_000);
    assertThat(q.get("sourceAmount").asString()).isEqualTo("100.00");
    assertThat(q.get("rate").asString()).isEqualTo("156.42");
    assertThat(q.get("targetAmountMinor").asLong()).isEqualTo(15_642);
    assertThat(q.get("targetAmount").asString()).isEqualTo("15642");
    assertThat(q.get("feeMinor").asLong()).isEqualTo(50);                 // 0.5 % by default
    assertThat(q.get("fee").asString()).isEqualTo("0.50");
    assertThat(q.get("totalDebitMinor").asLong()).isEqualTo(10_050);
    assertThat(q.get("totalDebit").asString()).isEqualTo("100.50");
    assertThat(Duration.between(Instant.parse(q.get("createdAt").asString()),
        Instant.parse(q.get("expiresAt").asString()))).isEqualTo(Duration.ofMinutes(2));
    String id = q.get("id").asString();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/me/fx/quotes/" + id);

    HttpResponse<String> read = get("/api/v1/me/fx/quotes/" + id, user.token());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json.readTree(read.body())).isEqualTo(q);
  }

  @Test
  void aQuoteForTheAmountToReceiveAsksTheSmallestSource() throws Exception {
    User user = newUser();

    // 100.00 USD from yen: 15642 yen give 100.00000000003 USD, 15641 only 99.99.
    JsonNode jpy = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("convert", "JPY", "USD", 0, 10_000), user.token()).body());
    assertThat(jpy.get("sourceAmountMinor").asLong()).isEqualTo(15_642);
    assertThat(jpy.get("sourceAmount").asString()).isEqualTo("15642");
    assertThat(jpy.get("targetAmount").asString()).isEqualTo("100.00");
    assertThat(jpy.get("feeMinor").asLong()).isEqualTo(78);              // 78.21 yen

    // 102 yen need 66 cents, which buy 103 yen: the quote says what the money rule gives.
    JsonNode usd = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("convert", "USD", "JPY", 0, 102), user.token()).body());
    assertThat(usd.get("sourceAmountMinor").asLong()).isEqualTo(66);
    assertThat(usd.get("targetAmountMinor").asLong()).isEqualTo(103);

    // Cross-border: 1 % of 100.00 USD is 1.00, under the 2.00 USD minimum.
    JsonNode cny = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("cross_border", "USD", "CNY", 0, 71_042), user.token()).body());
    assertThat(cny.get("operation").asString()).isEqualTo("cross_border");
    assertThat(cny.get("sourceAmountMinor").asLong()).isEqualTo(10_000);
    assertThat(cny.get("feeMinor").asLong()).isEqualTo(200);
  }

  /** Many random quotes, both ways, through the service and the database; seed printed. */
  @Test
  void randomQuotesFollowTheMoneyRule() {
    long seed = Long.getLong("fx.seed", System.nanoTime());
    System.out.println("FxQuotesTest seed (replay with -Dfx.seed=" + seed + ")");
    Random random = new Random(seed);
    UUID user = UUID.randomUUID();
    List<Currency> all = SupportedCurrencies.ALL;
    for (int i = 0; i < 150; i++) {
      Currency source = all.get(random.nextInt(all.size()));
      Currency target = all.get((all.indexOf(source) + 1 + random.nextInt(all.size() - 1))
          % all.size());
      Operation operation = random.nextBoolean() ? Operation.CONVERT : Operation.CROSS_BORDER;
      long amount = 100 + (long) (random.nextDouble() * Math.pow(10, 2 + random.nextInt(10)));
      String at = "seed " + seed + ": " + amount + " " + source + "->" + target;

      FxApi.Quote bySource = fx.quote(user, operation, source, target, amount, 0);
      assertThat(bySource.targetAmountMinor()).as(at)
          .isEqualTo(floor(amount, bySource.rate(), source, target));
      assertThat(bySource.feeMinor()).as(at)
          .isEqualTo(pricing.fee(operation, source, amount).feeMinor());

      FxApi.Quote byTarget = fx.quote(user, operation, source, target, 0, amount);
      long s = byTarget.sourceAmountMinor();
      assertThat(byTarget.targetAmountMinor()).as(at)
          .isEqualTo(floor(s, byTarget.rate(), source, target)).isGreaterThanOrEqualTo(amount);
      assertThat(floor(s - 1, byTarget.rate(), source, target)).as(at).isLessThan(amount);
      assertThat(fx.quote(user, byTarget.id())).hasValue(byTarget);
    }
  }

  @Test
  void theOperatorReplacesTheRatesAndQuotesUseThem() throws Exception {
    User user = newUser();
    Map<String, String> mine = Map.of("CNY", "7.2", "EUR", "0.9", "GBP", "0.8", "JPY", "150",
        "HKD", "7.8");

    HttpResponse<String> put = putRates("USD", mine, ADMIN);

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json.readTree(put.body()).get("rates").get("JPY").asString()).isEqualTo("150");
    Map<String, String> published = publicRates();
    assertThat(published).hasSize(30).containsEntry("USD/JPY", "150")
        .containsEntry("JPY/USD", "0.00666666666667").containsEntry("EUR/GBP", "0.888888888889");
    JsonNode q = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("convert", "USD", "JPY", 10_000, 0), user.token()).body());
    assertThat(q.get("targetAmountMinor").asLong()).isEqualTo(15_000);

    // Any supported currency can be the base; its own rate may be given as 1.
    Map<String, String> euroBased = new HashMap<>(Map.of("USD", "1.1", "CNY", "7.9", "GBP",
        "0.85", "JPY", "170", "HKD", "8.6", "EUR", "1"));
    assertThat(putRates("EUR", euroBased, ADMIN).statusCode()).isEqualTo(200);
    assertThat(publicRates()).containsEntry("USD/EUR", "0.909090909091");
    JsonNode eur = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("convert", "EUR", "USD", 10_000, 0), user.token()).body());
    assertThat(eur.get("targetAmountMinor").asLong()).isEqualTo(11_000);

    // Only the operator: no token, or a customer's, is refused and changes nothing.
    assertThat(putRates("USD", BUNDLED, null).statusCode()).isEqualTo(401);
    assertThat(putRates("USD", BUNDLED, user.token()).statusCode()).isEqualTo(403);
    assertThat(publicRates()).containsEntry("USD/EUR", "0.909090909091");
  }

  @Test
  void ratesMayAlsoBeJsonNumbersReadExactly() throws Exception {
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri("/api/v1/admin/fx/rates"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN)
        .PUT(HttpRequest.BodyPublishers.ofString("""
            {"base":"USD","rates":{"CNY":7.1042,"EUR":0.8634,"GBP":0.7598,"JPY":156.420000001,
             "HKD":7.7836}}""")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(publicRates()).containsEntry("USD/JPY", "156.420000001");
  }

  static Stream<Arguments> badTables() {
    return Stream.of(
        Arguments.of("USD", without("GBP"), "rates.GBP"),
        Arguments.of("USD", with("JPY", "0"), "rates.JPY"),
        Arguments.of("USD", with("JPY", "-156.42"), "rates.JPY"),
        Arguments.of("USD", with("JPY", "156.420000000001"), "rates.JPY"),  // 15 digits
        Arguments.of("USD", with("JPY", "abc"), "rates.JPY"),
        Arguments.of("USD", with("JPY", "10000000"), "rates.JPY"),
        Arguments.of("USD", with("CHF", "0.88"), "rates.CHF"),
        Arguments.of("USD", with("USD", "2"), "rates.USD"),
        Arguments.of("XYZ", BUNDLED, "base"),
        Arguments.of(null, BUNDLED, "base"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badTables")
  void aBadRateTableIsRefusedWithTheFieldAndChangesNothing(String base, Map<String, String> rates,
      String field) throws Exception {
    HttpResponse<String> put = putRates(base, rates, ADMIN);

    assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
    JsonNode problem = json.readTree(put.body());
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    assertThat(fields(problem)).contains(field);
    assertThat(problem.get("errors").get(0).get("message").asString()).isNotBlank();
    assertThat(publicRates()).containsEntry("USD/JPY", "156.42");
  }

  /**
   * The quote is made to expire by moving its expiry into the past in the database: the clock is
   * one bean for the whole application, shared by every test in the context, so it cannot be
   * moved for one test without moving it for all of them.
   */
  @Test
  void anExpiredQuoteIsRefusedWithANewQuoteForTheSameAmount() throws Exception {
    User user = newUser();
    JsonNode old = json.readTree(post("/api/v1/me/fx/quotes",
        quoteBody("convert", "EUR", "JPY", 0, 10_000), user.token()).body());
    expire(old.get("id").asString());
    UUID transaction = UUID.randomUUID();

    HttpResponse<String> used = use(old.get("id").asString(), "convert", transaction, user);

    assertThat(used.statusCode()).as(used.body()).isEqualTo(409);
    JsonNode problem = json.readTree(used.body());
    assertThat(problem.get("code").asString()).isEqualTo("quote_expired");
    assertThat(problem.get("detail").asString()).contains("The rate changed");
    assertThat(problem.get("quoteId").asString()).isEqualTo(old.get("id").asString());
    JsonNode fresh = problem.get("newQuote");
    assertThat(fresh.get("id").asString()).isNotEqualTo(old.get("id").asString());
    assertThat(fresh.get("targetAmountMinor").asLong()).isEqualTo(10_000); // the amount given
    assertThat(fresh.get("sourceCurrency").asString()).isEqualTo("EUR");
    assertThat(fresh.get("sourceAmount").asString()).isEqualTo(old.get("sourceAmount").asString());
    assertThat(Instant.parse(fresh.get("expiresAt").asString())).isAfter(Instant.now());
    // Stored in a transaction of its own: the caller's rollback did not take it away.
    assertThat(get("/api/v1/me/fx/quotes/" + fresh.get("id").asString(), user.token())
        .statusCode()).isEqualTo(200);

    HttpResponse<String> chinese = http.send(HttpRequest.newBuilder(uri(QuoteUseTestController
        .PATH.replace("{id}", old.get("id").asString()) + "?operation=convert&usedBy="
        + transaction)).header("Authorization", "Bearer " + user.token())
        .header("Accept-Language", "zh-CN").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json.readTree(chinese.body()).get("detail").asString()).contains("汇率已变动");

    HttpResponse<String> confirmed = use(fresh.get("id").asString(), "convert", transaction, user);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
  }

  @Test
  void aQuoteServesOneTransactionOnly() throws Exception {
    User user = newUser();
    String id = newQuote(user, "cross_border");
    UUID first = UUID.randomUUID();

    assertThat(use(id, "cross_border", first, user).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = use(id, "cross_border", first, user);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(json.readTree(replay.body()).get("id").asString()).isEqualTo(id);

    HttpResponse<String> other = use(id, "cross_border", UUID.randomUUID(), user);
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json.readTree(other.body()).get("code").asString()).isEqualTo("quote_used");

    // Even once expired, the transaction that used it gets it again (a retried request).
    expire(id);
    assertThat(use(id, "cross_border", first, user).statusCode()).isEqualTo(200);
  }

  @Test
  void aRolledBackTransactionLeavesTheQuoteUnused() throws Exception {
    User user = newUser();
    String id = newQuote(user, "convert");

    assertThat(http.send(HttpRequest.newBuilder(uri(QuoteUseTestController.PATH.replace("{id}",
        id) + "?operation=convert&rollback=true&usedBy=" + UUID.randomUUID()))
        .header("Authorization", "Bearer " + user.token())
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);

    assertThat(use(id, "convert", UUID.randomUUID(), user).statusCode()).isEqualTo(200);
  }

  @Test
  void manyTransactionsRacingForOneQuoteGetItOnce() throws Exception {
    UUID user = UUID.randomUUID();
    FxApi.Quote quote = fx.quote(user, Operation.CONVERT, Currency.getInstance("GBP"),
        Currency.getInstance("HKD"), 50_000, 0);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<String>> racers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      racers.add(() -> {
        start.await();
        try {
          book.useQuote(user, quote.id(), Operation.CONVERT, UUID.randomUUID());
          return "used";
        } catch (OkPayException e) {
          return e.errorCode().code();
        }
      });
    }
    List<String> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<String>> futures = racers.stream().map(pool::submit).toList();
      start.countDown();
      for (Future<String> f : futures) {
        outcomes.add(f.get());
      }
    }
    assertThat(outcomes).filteredOn("used"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("quote_used"::equals).hasSize(threads - 1);
    assertThat(jdbc.sql("select count(*) from payments.fx_quotes where id = :id"
        + " and used_by is not null").param("id", quote.id()).query(Long.class).single())
        .isEqualTo(1);
  }

  @Test
  void userACannotReadOrUseUserBsQuote() throws Exception {
    User alice = newUser();
    User bob = newUser();
    String bobs = newQuote(bob, "convert");

    HttpResponse<String> read = get("/api/v1/me/fx/quotes/" + bobs, alice.token());
    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(json.readTree(read.body()).get("code").asString()).isEqualTo("quote_not_found");
    HttpResponse<String> steal = use(bobs, "convert", UUID.randomUUID(), alice);
    assertThat(steal.statusCode()).isEqualTo(404);
    assertThat(json.readTree(steal.body()).get("code").asString()).isEqualTo("quote_not_found");
    assertThat(get("/api/v1/me/fx/quotes/" + UUID.randomUUID(), alice.token()).statusCode())
        .isEqualTo(404);

    // Bob's quote is for a conversion: it does not pay for a cross-border transfer either.
    assertThat(use(bobs, "cross_border", UUID.randomUUID(), bob).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/me/fx/quotes/" + bobs, bob.token()).statusCode()).isEqualTo(200);
    assertThat(use(bobs, "convert", UUID.randomUUID(), bob).statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> badQuotes() {
    return Stream.of(
        Arguments.of(body("p2p", "USD", "EUR", 100L, null), "validation_failed", "operation"),
        Arguments.of(body(null, "USD", "EUR", 100L, null), "validation_failed", "operation"),
        Arguments.of(body("convert", "CHF", "EUR", 100L, null), "currency_not_supported",
            "sourceCurrency"),
        Arguments.of(body("convert", "USD", "DOLLARS", 100L, null), "currency_not_supported",
            "targetCurrency"),
        Arguments.of(body("convert", null, "EUR", 100L, null), "validation_failed",
            "sourceCurrency"),
        Arguments.of(body("convert", "USD", "USD", 100L, null), "validation_failed",
            "targetCurrency"),
        Arguments.of(body("cross_border", "EUR", "EUR", 100L, null), "validation_failed",
            "targetCurrency"),
        Arguments.of(body("convert", "USD", "EUR", 100L, 100L), "validation_failed",
            "targetAmountMinor"),
        Arguments.of(body("convert", "USD", "EUR", null, null), "validation_failed",
            "sourceAmountMinor"),
        Arguments.of(body("convert", "USD", "EUR", -5L, null), "validation_failed",
            "sourceAmountMinor"),
        Arguments.of(body("convert", "USD", "EUR", 10_000_000_000_001L, null),
            "validation_failed", "sourceAmountMinor"),
        Arguments.of(body("convert", "USD", "EUR", new BigDecimal("1.5"), null),
            "validation_failed", "sourceAmountMinor"),
        // 1 yen is 0.64 cents: the recipient would get nothing.
        Arguments.of(body("convert", "JPY", "USD", 1L, null), "validation_failed",
            "sourceAmountMinor"),
        // 10^11 USD would cost 1.56 × 10^15 yen, more than OKPay takes in one request.
        Arguments.of(body("convert", "JPY", "USD", null, 10_000_000_000_000L),
            "validation_failed", "targetAmountMinor"),
        Arguments.of(body("convert", "JPY", "USD", null, 10_000_000_000_001L),
            "validation_failed", "targetAmountMinor"));
  }

  @ParameterizedTest(name = "{2}: {1}")
  @MethodSource("badQuotes")
  void aBadQuoteRequestIsA400WithTheField(Map<String, Object> body, String code, String field)
      throws Exception {
    User user = newUser();
    long before = quotesOf(user);

    HttpResponse<String> response = post("/api/v1/me/fx/quotes", json.writeValueAsString(body),
        user.token());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(fields(problem)).containsExactly(field);
    assertThat(quotesOf(user)).isEqualTo(before);
  }

  @Test
  void quotesNeedASignedInUserButRatesAndFeesArePublic() throws Exception {
    HttpResponse<String> anonymous = post("/api/v1/me/fx/quotes",
        quoteBody("convert", "USD", "EUR", 100, 0), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);

    HttpResponse<String> fees = get("/api/v1/fees", null);
    assertThat(fees.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(fees.body());
    assertThat(body.get("limitCurrency").asString()).isEqualTo("USD");
    assertThat(body.get("fees").valueStream().filter(r -> r.get("operation").asString()
        .equals("convert")).findFirst().orElseThrow().get("percent").asString()).isEqualTo("0.5");
    assertThat(body.get("limits").get("verified").valueStream()
        .filter(l -> l.get("operation").asString().equals("p2p")).findFirst().orElseThrow()
        .get("dailyMinor").asLong()).isEqualTo(1_000_000);
  }

  @Test
  void pricingGivesTheDefaultFeesLimitsAndEquivalents() {
    Currency usd = Currency.getInstance("USD");
    Currency jpy = Currency.getInstance("JPY");

    assertThat(pricing.fee(Operation.CONVERT, usd, 10_000).feeMinor()).isEqualTo(50);
    assertThat(pricing.fee(Operation.P2P, usd, 10_000).feeMinor()).isZero();
    assertThat(pricing.fee(Operation.TOPUP_CARD, jpy, 10_000).feeMinor()).isEqualTo(150);
    assertThat(pricing.fee(Operation.WITHDRAWAL, jpy, 10_000).feeMinor()).isEqualTo(100);
    assertThat(pricing.fee(Operation.CROSS_BORDER, jpy, 10_000).feeMinor()).isEqualTo(300);
    assertThat(pricing.limit(Operation.WITHDRAWAL, false).dailyMinor())
        .isLessThan(pricing.limit(Operation.WITHDRAWAL, true).dailyMinor());
    assertThat(pricing.limit(Operation.CROSS_BORDER, true).limitCurrency()).isEqualTo(usd);
    assertThat(pricing.limits(true)).hasSize(Operation.values().length);
    // 15641 yen are 99.9936… USD: counted as 100.00 against a limit, never as 99.99.
    assertThat(pricing.equivalentMinor(15_641, jpy, usd)).isEqualTo(10_000);
    assertThat(pricing.equivalentMinor(15_641, jpy, jpy)).isEqualTo(15_641);
    assertThatThrownBy(() -> pricing.fee(Operation.CONVERT, Currency.getInstance("CHF"), 1))
        .isInstanceOfSatisfying(OkPayException.class, e ->
            assertThat(e.errorCode()).isEqualTo(ErrorCode.CURRENCY_NOT_SUPPORTED));
  }

  // --- helpers -----------------------------------------------------------------------------

  private User newUser() {
    TestUsers.TestUser made = users.user().unverified().country("CN").currency("CNY").create();
    return new User(made.id(), made.token());
  }

  private String newQuote(User user, String operation) throws Exception {
    HttpResponse<String> created = post("/api/v1/me/fx/quotes",
        quoteBody(operation, "USD", "EUR", 25_000, 0), user.token());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asString();
  }

  private void expire(String quoteId) {
    assertThat(jdbc.sql("""
        update payments.fx_quotes set created_at = now() - interval '10 minutes',
               expires_at = now() - interval '8 minutes' where id = :id
        """).param("id", UUID.fromString(quoteId)).update()).isEqualTo(1);
  }

  private long quotesOf(User user) {
    return jdbc.sql("select count(*) from payments.fx_quotes where user_id = :id")
        .param("id", user.id()).query(Long.class).single();
  }

  private HttpResponse<String> use(String quoteId, String operation, UUID usedBy, User user)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri(QuoteUseTestController.PATH.replace("{id}",
        quoteId) + "?operation=" + operation + "&usedBy=" + usedBy))
        .header("Authorization", "Bearer " + user.token())
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, String> publicRates() throws Exception {
    HttpResponse<String> response = get("/api/v1/fx/rates", null);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> out = new LinkedHashMap<>();
    json.readTree(response.body()).get("rates").forEach(r -> out.put(
        r.get("source").asString() + "/" + r.get("target").asString(), r.get("rate").asString()));
    return out;
  }

  private HttpResponse<String> putRates(String base, Map<String, String> rates, String token)
      throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("base", base);
    body.put("rates", rates);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/admin/fx/rates"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.get("errors").forEach(e -> out.add(e.get("field").asString()));
    return out;
  }

  private static long floor(long sourceMinor, BigDecimal rate, Currency source,
      Currency target) {
    return BigDecimal.valueOf(sourceMinor).multiply(rate)
        .scaleByPowerOfTen(FxMath.digits(target) - FxMath.digits(source))
        .setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private String quoteBody(String operation, String source, String target, long sourceMinor,
      long targetMinor) throws Exception {
    return json.writeValueAsString(body(operation, source, target,
        sourceMinor == 0 ? null : sourceMinor, targetMinor == 0 ? null : targetMinor));
  }

  private static Map<String, Object> body(String operation, String source, String target,
      Object sourceMinor, Object targetMinor) {
    Map<String, Object> body = new HashMap<>();
    body.put("operation", operation);
    body.put("sourceCurrency", source);
    body.put("targetCurrency", target);
    body.put("sourceAmountMinor", sourceMinor);
    body.put("targetAmountMinor", targetMinor);
    return body;
  }

  private static Map<String, String> with(String currency, String rate) {
    Map<String, String> rates = new HashMap<>(BUNDLED);
    rates.put(currency, rate);
    return rates;
  }

  private static Map<String, String> without(String currency) {
    Map<String, String> rates = new HashMap<>(BUNDLED);
    rates.remove(currency);
    return rates;
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
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
