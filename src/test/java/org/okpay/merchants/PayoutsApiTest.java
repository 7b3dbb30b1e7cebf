package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Merchant payouts over real HTTP against real PostgreSQL and the real ledger: the withdrawal's
 * flow from the merchant's balance (held, then posted when the bank settles), never beyond the
 * balance, once per Idempotency-Key, each merchant sees only its own, balance: write needed.
 */
@OkPayTest
class PayoutsApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired LedgerApi ledger;
  @Autowired FundingSourcesApi sources;
  @Autowired org.okpay.identity.IdentityApi identity;
  @Autowired WebhooksApi webhooks;
  @Autowired MerchantsApi merchantsApi;

  private final HttpClient client = HttpClient.newHttpClient();
  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void aPayoutHoldsExactlyTheAmountThenPostsItWhenTheBankSettles() throws Exception {
    TestMerchants.Created m = funded(10_000); // retail fee 3.20: the merchant keeps 96.80
    UUID bank = bank(m);
    assertThat(balance(m)).isEqualTo(9_680);

    HttpResponse<String> r = payout(m.secretKey(), "p-1", bank, 5_000L);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode p = json.readTree(r.body());
    assertThat(p.get("state").asString()).isEqualTo("processing");
    assertThat(p.get("amount").get("amountMinor").asLong()).isEqualTo(5_000);
    assertThat(p.get("expectedAt").asString()).isNotBlank();
    assertThat(balance(m)).isEqualTo(9_680);
    assertThat(available(m)).isEqualTo(4_680);

    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();

    JsonNode list = json.readTree(get(m.secretKey()).body());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asString()).isEqualTo(p.get("id").asString());
    assertThat(list.get(0).get("state").asString()).isEqualTo("completed");
    assertThat(balance(m)).isEqualTo(4_680);
    assertThat(available(m)).isEqualTo(4_680);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void moreThanTheBalanceIsRefusedWithNoEffect() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID bank = bank(m);

    HttpResponse<String> r = payout(m.secretKey(), "too-much", bank, 9_681L);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .contains("application/problem+json");
    assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("insufficient_funds");
    assertThat(balance(m)).isEqualTo(9_680);
    assertThat(available(m)).isEqualTo(9_680);
    assertThat(json.readTree(get(m.secretKey()).body())).isEmpty();

    // The whole balance is fine.
    assertThat(payout(m.secretKey(), "all", bank, 9_680L).statusCode()).isEqualTo(201);
    assertThat(available(m)).isZero();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void theSameIdempotencyKeyIsTheSamePayout() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID bank = bank(m);

    HttpResponse<String> first = payout(m.secretKey(), "same", bank, 1_000L);
    HttpResponse<String> again = payout(m.secretKey(), "same", bank, 1_000L);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json.readTree(again.body()).get("id").asString())
        .isEqualTo(json.readTree(first.body()).get("id").asString());
    assertThat(available(m)).isEqualTo(8_680);
    assertThat(json.readTree(get(m.secretKey()).body())).hasSize(1);

    HttpResponse<String> other = payout(m.secretKey(), "same", bank, 2_000L);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(json.readTree(other.body()).get("code").asString())
        .isEqualTo("idempotency_key_reused");
    assertThat(available(m)).isEqualTo(8_680);

    HttpResponse<String> missing = payout(m.secretKey(), null, bank, 1_000L);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json.readTree(missing.body()).get("code").asString())
        .isEqualTo("idempotency_key_missing");
  }

  @Test
  void aMerchantSeesOnlyItsOwnPayoutsAndCannotUseAnotherOwnersAccount() throws Exception {
    TestMerchants.Created m1 = funded(10_000);
    TestMerchants.Created m2 = funded(10_000);
    UUID bank1 = bank(m1);
    assertThat(payout(m1.secretKey(), "k", bank1, 1_000L).statusCode()).isEqualTo(201);

    assertThat(json.readTree(get(m1.secretKey()).body())).hasSize(1);
    HttpResponse<String> list2 = get(m2.secretKey());
    assertThat(list2.statusCode()).isEqualTo(200);
    assertThat(json.readTree(list2.body())).isEmpty();

    // M1's owner's bank account is "not found" for M2 (its owner is someone else).
    HttpResponse<String> r = payout(m2.secretKey(), "k", bank1, 1_000L);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("bank_account_not_found");
    assertThat(available(m2)).isEqualTo(9_680);
    assertThat(available(m1)).isEqualTo(8_680);
  }

  @Test
  void payoutsSendThinWebhooksAndAreReadInFullByTheirId() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID endpoint = endpoint(m);
    UUID bank = bank(m);

    JsonNode p = json.readTree(payout(m.secretKey(), "hooked", bank, 2_000L).body());
    String id = p.get("id").asString();
    assertThat(events(m, endpoint)).containsExactly("payout.created:processing");
    money.advanceSandbox(Duration.ofHours(1));
    money.reconcile();
    assertThat(events(m, endpoint))
        .containsExactlyInAnyOrder("payout.created:processing", "payout.paid:completed");
    // Replaying the key is the same payout: no second payout.created.
    assertThat(payout(m.secretKey(), "hooked", bank, 2_000L).statusCode()).isEqualTo(200);
    assertThat(events(m, endpoint)).hasSize(2);

    // The thin payload names the payout; the GET gives the whole of it, to its merchant only.
    JsonNode payload = json.readTree(deliveries(m, endpoint).getFirst().payload());
    assertThat(payload.get("data").get("object").asString()).isEqualTo("payout");
    assertThat(payload.get("data").get("id").asString()).isEqualTo(id);
    HttpResponse<String> one = new MerchantHttp(port, json)
        .get("/api/v1/merchant/payouts/" + id, m.secretKey());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(json.readTree(one.body()).get("state").asString()).isEqualTo("completed");
    TestMerchants.Created other = merchants.merchant().create();
    HttpResponse<String> theirs = new MerchantHttp(port, json)
        .get("/api/v1/merchant/payouts/" + id, other.secretKey());
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(json.readTree(theirs.body()).get("code").asString()).isEqualTo("payout_not_found");
    String none = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.READ));
    assertThat(new MerchantHttp(port, json).get("/api/v1/merchant/payouts/" + id, none)
        .statusCode()).isEqualTo(403);
  }

  @Test
  void aPayoutTheBankRefusesSendsPayoutFailedAndGivesTheMoneyBack() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID endpoint = endpoint(m);
    UUID bank = sources.addBankAccount(m.owner().id(), new FundingSourcesApi.NewBankAccount(
        "Pat Doe", "000222222227", "SBOXGB2L", "GB", Currency.getInstance("USD"))).id();

    HttpResponse<String> r = payout(m.secretKey(), "refused", bank, 3_000L);
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    assertThat(json.readTree(r.body()).get("state").asString()).isEqualTo("failed");
    assertThat(events(m, endpoint))
        .containsExactlyInAnyOrder("payout.created:failed", "payout.failed:failed");
    assertThat(balance(m)).isEqualTo(9_680);
    assertThat(available(m)).isEqualTo(9_680);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aFrozenOwnerPaysNothingOutAndNothingMoves() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID bank = bank(m);
    identity.reportCompromise(TestMerchants.current(m.owner()), "203.0.113.9");
    assertThat(identity.frozen(m.owner().id())).isTrue();
    long ownerWallet = ledger.accountsOf(OwnerType.CUSTOMER, m.owner().id().toString()).stream()
        .mapToLong(Account::balanceMinor).sum();

    HttpResponse<String> r = payout(m.secretKey(), "frozen", bank, 1_000L);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .contains("application/problem+json");
    assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("account_frozen");
    // Nothing moved and nothing was recorded: balance, available, the owner's wallet, the list.
    assertThat(balance(m)).isEqualTo(9_680);
    assertThat(available(m)).isEqualTo(9_680);
    assertThat(ledger.accountsOf(OwnerType.CUSTOMER, m.owner().id().toString()).stream()
        .mapToLong(Account::balanceMinor).sum()).isEqualTo(ownerWallet);
    assertThat(json.readTree(get(m.secretKey()).body())).isEmpty();
    // The same key after the refusal is still refused (nothing was kept under it).
    assertThat(payout(m.secretKey(), "frozen", bank, 1_000L).statusCode()).isEqualTo(409);
    assertThat(available(m)).isEqualTo(9_680);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void aKeyWithoutBalanceWriteIsRefused() throws Exception {
    TestMerchants.Created m = funded(10_000);
    UUID bank = bank(m);
    String reader = merchants.key(m, Map.of(ApiResource.BALANCE, Access.READ));

    HttpResponse<String> r = payout(reader, "k", bank, 1_000L);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("api_key_scope_missing");
    assertThat(available(m)).isEqualTo(9_680);
    assertThat(get(reader).statusCode()).isEqualTo(200);

    String none = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.READ));
    assertThat(get(none).statusCode()).isEqualTo(403);
  }

  private TestMerchants.Created funded(long amount) {
    TestMerchants.Created m = merchants.merchant().category(MerchantCategory.RETAIL)
        .settlement("USD").create();
    TestUser payer = users.user().funded(amount * 2).create();
    CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
        new CheckoutApi.NewSession(amount, "USD", "Goods", "order-" + UUID.randomUUID(), null,
            null, null)).session();
    assertThat(checkout.pay(TestMerchants.current(payer), s.id(), null, null, null)
        .transaction().state()).isEqualTo(TransactionState.COMPLETED);
    return m;
  }

  /**
   * An endpoint of the merchant's for the payout events (nobody listens there; it is queued).
   * Removed after the test with its deliveries, so that no other test's dispatcher meets them.
   */
  private UUID endpoint(TestMerchants.Created m) {
    UUID id = webhooks.create(caller(m), new WebhooksApi.NewEndpoint("http://127.0.0.1:9/hooks",
        null, List.of("payout.created", "payout.paid", "payout.failed"))).id();
    endpoints.add(() -> webhooks.delete(caller(m), id));
    return id;
  }

  private final List<Runnable> endpoints = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void removeEndpoints() {
    endpoints.forEach(Runnable::run);
  }

  private MerchantCaller caller(TestMerchants.Created m) {
    return merchantsApi.dashboardCaller(TestMerchants.current(m.owner()), m.merchantId())
        .orElseThrow();
  }

  private List<WebhooksApi.Delivery> deliveries(TestMerchants.Created m, UUID endpoint) {
    return webhooks.deliveries(caller(m), endpoint, null, 100).reversed();
  }

  /** "type:status" of every event queued for the endpoint, oldest first. */
  private List<String> events(TestMerchants.Created m, UUID endpoint) {
    return deliveries(m, endpoint).stream().map(d -> {
      JsonNode data = json.readTree(d.payload()).get("data");
      return d.eventType() + ":" + data.get("status").asString();
    }).toList();
  }

  private UUID bank(TestMerchants.Created m) {
    FundingSourcesApi.BankAccount b = sources.addBankAccount(m.owner().id(),
        new FundingSourcesApi.NewBankAccount("Pat Doe", "000123456789", "SBOXGB2L", "GB",
            Currency.getInstance("USD")));
    assertThat(b.state()).isEqualTo(FundingSourcesApi.BankAccountState.VERIFIED);
    return b.id();
  }

  private HttpResponse<String> payout(String key, String idempotencyKey, UUID bank, Long amount)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/v1/merchant/payouts"))
        .timeout(Duration.ofSeconds(15)).header("Accept", "application/json")
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            Map.of("bankAccountId", bank, "amountMinor", amount))));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String key) throws Exception {
    return new MerchantHttp(port, json).get("/api/v1/merchant/payouts", key);
  }

  private long balance(TestMerchants.Created m) {
    return accounts(m).mapToLong(Account::balanceMinor).sum();
  }

  private long available(TestMerchants.Created m) {
    return accounts(m).mapToLong(Account::availableMinor).sum();
  }

  private java.util.stream.Stream<Account> accounts(TestMerchants.Created m) {
    return ledger.accountsOf(OwnerType.MERCHANT, m.merchantId().toString()).stream()
        .filter(a -> "balance".equals(a.kind()));
  }
}
