package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daily report ({@code GET /api/v1/merchant/reports/daily}) and the dashboard's chart: today's
 * completed payments and succeeded refunds, only the caller's merchant's, only with payments read;
 * the payments page's refund link only for roles that write refunds.
 */
@OkPayTest
class MerchantReportsTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired MerchantsApi api;
  @Autowired CheckoutApi checkout;
  @Autowired LedgerApi ledger;
  @Autowired MerchantReportsApi reports;

  MerchantHttp http;
  HttpClient pages = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void eachKeySeesOnlyItsOwnMerchantsDailyVolumeAndRefunds() throws Exception {
    TestMerchants.Created one = merchant();
    TestMerchants.Created two = merchant();
    TestUser payer = users.user().funded(20_000).create();
    UUID first = pay(one, payer, 5_000);
    pay(one, payer, 2_000);
    pay(two, payer, 3_000);
    Map<String, Object> refund = new HashMap<>();
    refund.put("paymentId", first);
    refund.put("amountMinor", 1_200L);
    refund.put("reason", "other");
    refund.put("merchantRefundReference", "report-1");
    HttpResponse<String> refunded = http.send("POST", "/api/v1/merchant/refunds", refund,
        one.secretKey());
    assertThat(refunded.statusCode()).as(refunded.body()).isEqualTo(201);
    assertThat(http.read(refunded).get("status").asString()).isEqualTo("succeeded");

    JsonNode mine = report(one.secretKey(), "");
    assertThat(mine.get("timeZone").asString()).isEqualTo("UTC");
    assertThat(mine.get("currencies")).hasSize(1);
    JsonNode usd = mine.get("currencies").get(0);
    assertThat(usd.get("currency").asString()).isEqualTo("USD");
    assertThat(usd.get("days")).hasSize(30);
    JsonNode today = usd.get("days").get(29);
    assertThat(today.get("day").asString()).isEqualTo(mine.get("lastDay").asString());
    assertThat(today.get("volumeMinor").asLong()).isEqualTo(7_000);
    assertThat(today.get("payments").asLong()).isEqualTo(2);
    assertThat(today.get("refundedMinor").asLong()).isEqualTo(1_200);
    assertThat(today.get("refunds").asLong()).isEqualTo(1);
    assertThat(usd.get("days").get(0).get("volumeMinor").asLong()).isZero();

    JsonNode theirs = report(two.secretKey(), "?days=7").get("currencies").get(0);
    assertThat(theirs.get("days")).hasSize(7);
    assertThat(theirs.get("days").get(6).get("volumeMinor").asLong()).isEqualTo(3_000);
    assertThat(theirs.get("days").get(6).get("refundedMinor").asLong()).isZero();

    TestMerchants.Created empty = merchant();
    assertThat(report(empty.secretKey(), "").get("currencies")).isEmpty();

    String noPayments = merchants.key(one, Map.of(ApiResource.REFUNDS, Access.WRITE));
    HttpResponse<String> refused = http.get("/api/v1/merchant/reports/daily", noPayments);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(http.read(refused).get("code").asString()).isEqualTo("api_key_scope_missing");
    String readPayments = merchants.key(one, Map.of(ApiResource.PAYMENTS, Access.READ));
    assertThat(report(readPayments, "").get("currencies").get(0).get("days").get(29)
        .get("volumeMinor").asLong()).isEqualTo(7_000);

    for (String days : new String[] {"0", "367", "abc"}) {
      HttpResponse<String> bad = http.get("/api/v1/merchant/reports/daily?days=" + days,
          one.secretKey());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("validation_failed", "days");
    }
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void theOverviewChartsTheMoneyAndOnlyRefundWritersSeeTheRefundLink() throws Exception {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(10_000).create();
    UUID payment = pay(m, payer, 4_000);
    TestUser developer = users.user().create();
    api.acceptInvite(developer.current(), api.invite(TestMerchants.current(m.owner()),
        m.merchantId(), developer.email(), MerchantRole.DEVELOPER).id());

    String owner = users.webSession(m.owner());
    String overview = pageGet(owner, "/merchant/" + m.merchantId()).body();
    assertThat(overview).contains("id=\"merchant-daily-USD\"", "data-minor=\"4000\"",
        "/webjars/echarts/");
    String payments = pageGet(owner, "/merchant/" + m.merchantId() + "/payments").body();
    assertThat(payments).contains("class=\"refund-link\"",
        "/merchant/" + m.merchantId() + "/refunds?payment=" + payment);

    String dev = users.webSession(developer);
    assertThat(pageGet(dev, "/merchant/" + m.merchantId() + "/payments").body())
        .contains("payment-row").doesNotContain("refund-link");

    TestMerchants.Created quiet = merchants.merchant().owner(m.owner()).create();
    assertThat(pageGet(owner, "/merchant/" + quiet.merchantId()).body())
        .contains("merchant-daily-none").doesNotContain("merchant-daily-USD");
  }

  @Test
  void aPaymentCountsOnTodayInTheReadersZoneWhetherARegionOrAFixedOffset() {
    TestMerchants.Created m = merchant();
    TestUser payer = users.user().funded(10_000).create();
    pay(m, payer, 2_500);
    MerchantCaller owner = api.dashboardCaller(TestMerchants.current(m.owner()), m.merchantId())
        .orElseThrow();
    // 28 hours apart: a zone read with the wrong sign would put the payment on another day.
    for (ZoneId zone : List.of(ZoneId.of("Pacific/Kiritimati"), ZoneOffset.ofHours(14),
        ZoneId.of("Pacific/Pago_Pago"), ZoneOffset.ofHours(-11), ZoneId.of("Asia/Kolkata"))) {
      MerchantReportsApi.DailyReport report = reports.daily(owner, 2, zone);
      assertThat(report.lastDay()).as(zone.getId()).isEqualTo(LocalDate.now(zone));
      List<MerchantReportsApi.DayTotals> days = report.currencies().getFirst().days();
      assertThat(days).hasSize(2);
      assertThat(days.get(1).volumeMinor()).as(zone.getId()).isEqualTo(2_500);
      assertThat(days.get(0).volumeMinor()).as(zone.getId()).isZero();
    }
  }

  private JsonNode report(String key, String query) throws Exception {
    HttpResponse<String> response = http.get("/api/v1/merchant/reports/daily" + query, key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return http.read(response);
  }

  private TestMerchants.Created merchant() {
    return merchants.merchant().category(MerchantCategory.RETAIL).settlement("USD").create();
  }

  private UUID pay(TestMerchants.Created m, TestUser payer, long amount) {
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), s.id(), null, null, null);
    assertThat(paid.transaction().state()).isEqualTo(TransactionState.COMPLETED);
    return paid.session().paymentId();
  }

  private HttpResponse<String> pageGet(String session, String path) throws Exception {
    return pages.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", "text/html")
        .header("Cookie", IdentityApi.SESSION_COOKIE + "=" + session).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
