package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.MerchantsApi.NewKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The merchant API authenticated by key over real HTTP: which keys work, and for what. */
@OkPayTest
class MerchantKeyAuthTest {

  static final String BALANCE = "/api/v1/merchant/balance";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestMerchants merchants;
  @Autowired TestUsers users;
  @Autowired MerchantsApi api;
  @Autowired LedgerApi ledger;

  MerchantHttp http;

  @BeforeEach
  void setUp() {
    http = new MerchantHttp(port, json);
  }

  @Test
  void aSecretKeyReadsItsOwnMerchantsBalancesEmptyBeforeAnyMoney() throws Exception {
    TestMerchants.Created m = merchants.merchant().settlement("EUR").create();
    assertThat(m.secretKey()).startsWith("okp_sk_test_").hasSize(44);
    assertThat(m.merchant().verified()).isTrue();

    HttpResponse<String> response = http.get(BALANCE, m.secretKey());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(http.read(response).get("balances")).isEmpty();
  }

  @Test
  void theBalanceShowsTheMerchantsLedgerAccountsOfKindBalance() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    Account usd = ledger.openAccount(new OpenAccount(OwnerType.MERCHANT,
        m.merchantId().toString(), Currency.getInstance("USD"), "balance"));
    new LedgerFixture(ledger).fund(usd, 12_345);
    // Another kind of the same owner is not a balance.
    ledger.openAccount(new OpenAccount(OwnerType.MERCHANT, m.merchantId().toString(),
        Currency.getInstance("USD"), "reserve"));

    JsonNode balances = http.read(http.get(BALANCE, m.secretKey())).get("balances");

    assertThat(balances).hasSize(1);
    assertThat(balances.get(0).get("currency").asString()).isEqualTo("USD");
    assertThat(balances.get(0).get("balanceMinor").asLong()).isEqualTo(12_345);
    assertThat(balances.get(0).get("availableMinor").asLong()).isEqualTo(12_345);
  }

  @Test
  void missingMalformedUnknownAndUserTokensAreInvalidApiKeys() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String unknown = "okp_sk_test_" + "A".repeat(32);

    invalid(http.sendRaw("GET", BALANCE, null, null));
    invalid(http.sendRaw("GET", BALANCE, null, "Basic " + m.secretKey()));
    invalid(http.get(BALANCE, "okp_sk_test_short"));
    invalid(http.get(BALANCE, m.secretKey() + "x"));
    invalid(http.get(BALANCE, m.secretKey().replace("okp_sk_", "okp_xx_")));
    invalid(http.get(BALANCE, unknown));
    invalid(http.get(BALANCE, "x".repeat(5_000)));
    // A signed-in user's API token is not a merchant key.
    invalid(http.get(BALANCE, m.owner().token()));
  }

  @Test
  void aRevokedKeyStopsAtOnce() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    NewKey second = api.createKey(TestMerchants.current(m.owner()), m.merchantId(), "second",
        null);
    assertThat(http.get(BALANCE, second.secret()).statusCode()).isEqualTo(200);

    api.revokeKey(TestMerchants.current(m.owner()), m.merchantId(), second.key().id());

    invalid(http.get(BALANCE, second.secret()));
    assertThat(http.get(BALANCE, m.secretKey()).statusCode()).isEqualTo(200);
  }

  @Test
  void rollingNowExpiresTheOldKeyAtOnceAndTheNewOneWorks() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    NewKey first = api.createKey(TestMerchants.current(m.owner()), m.merchantId(), "roll me",
        null);

    NewKey next = api.rollKey(TestMerchants.current(m.owner()), m.merchantId(), first.key().id(),
        Duration.ZERO);

    invalid(http.get(BALANCE, first.secret()));
    assertThat(http.get(BALANCE, next.secret()).statusCode()).isEqualTo(200);
    assertThat(next.key().name()).isEqualTo("roll me");
    assertThat(next.secret()).startsWith("okp_sk_test_").isNotEqualTo(first.secret());
  }

  @Test
  void rollingWithGraceKeepsBothKeysWorkingUntilTheOldExpires() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String restricted = merchants.key(m, Map.of(ApiResource.BALANCE, Access.READ));
    MerchantsApi.ApiKey old = api.keys(TestMerchants.current(m.owner()), m.merchantId()).stream()
        .filter(k -> k.kind() == MerchantsApi.ApiKey.Kind.RESTRICTED).findFirst().orElseThrow();

    NewKey next = api.rollKey(TestMerchants.current(m.owner()), m.merchantId(), old.id(),
        Duration.ofHours(1));

    assertThat(http.get(BALANCE, restricted).statusCode()).isEqualTo(200);
    assertThat(http.get(BALANCE, next.secret()).statusCode()).isEqualTo(200);
    assertThat(next.secret()).startsWith("okp_rk_test_");
    assertThat(next.key().scopes()).isEqualTo(old.scopes());
    MerchantsApi.ApiKey rolled = api.keys(TestMerchants.current(m.owner()), m.merchantId())
        .stream().filter(k -> k.id().equals(old.id())).findFirst().orElseThrow();
    assertThat(rolled.expiresAt()).isBetween(next.key().createdAt().plus(Duration.ofMinutes(59)),
        next.key().createdAt().plus(Duration.ofMinutes(61)));
  }

  @Test
  void aRestrictedKeyReachesOnlyWhatItsScopesAllow() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    String none = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.WRITE));
    String read = merchants.key(m, Map.of(ApiResource.BALANCE, Access.READ));
    assertThat(read).startsWith("okp_rk_test_");

    HttpResponse<String> refused = http.get(BALANCE, none);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(http.read(refused).get("code").asString()).isEqualTo("api_key_scope_missing");
    assertThat(http.get(BALANCE, read).statusCode()).isEqualTo(200);
  }

  private void invalid(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(http.read(response).get("code").asString()).isEqualTo("invalid_api_key");
  }
}
