package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.TestMerchants;
import org.okpay.payments.FundingSourcesApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The overview's Payouts section over real HTTP: the owner pays out with the form (a double
 * submit is one payout), too much is refused in words with no effect, nobody else can post.
 */
@OkPayTest
class MerchantPayoutPagesTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern KEY =
      Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired CheckoutApi checkout;
  @Autowired FundingSourcesApi sources;
  @Autowired LedgerApi ledger;

  @Test
  void theOwnerPaysOutFromTheOverviewOnceAndTooMuchIsRefusedInWords() throws Exception {
    TestMerchants.Created m = merchants.merchant().category(MerchantCategory.RETAIL)
        .settlement("USD").create();
    TestUsers.TestUser payer = users.user().funded(20_000).create();
    checkout.pay(TestMerchants.current(payer), checkout.create(m.merchantId(),
        "k-" + UUID.randomUUID(), new CheckoutApi.NewSession(10_000L, "USD", "Goods", "o-1",
            null, null, null)).session().id(), null, null, null);
    UUID bank = sources.addBankAccount(m.owner().id(), new FundingSourcesApi.NewBankAccount(
        "Pat Doe", "000123456789", "SBOXGB2L", "GB", Currency.getInstance("USD"))).id();
    String page = "/merchant/" + m.merchantId();

    HttpClient owner = PageSession.signedIn(port, m.owner().email());
    String html = PageSession.get(owner, port, page, "text/html").body();
    assertThat(html).contains("id=\"payout-form\"").contains("id=\"payouts-none\"");
    Matcher key = KEY.matcher(html);
    assertThat(key.find()).isTrue();

    HttpResponse<String> sent = post(owner, page + "/payouts", html, bank, "12.50", key.group(1));
    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(post(owner, page + "/payouts", html, bank, "12.50", key.group(1)).statusCode())
        .isEqualTo(303);
    assertThat(available(m)).isEqualTo(9_680 - 1_250);
    String after = PageSession.get(owner, port, page + "?payout", "text/html").body();
    assertThat(after).contains("id=\"payout-sent\"").contains("12.50");
    assertThat(after.split("class=\"payout-row\"", -1)).hasSize(2);

    String fresh = PageSession.get(owner, port, page, "text/html").body();
    Matcher other = KEY.matcher(fresh);
    assertThat(other.find()).isTrue();
    HttpResponse<String> tooMuch = post(owner, page + "/payouts", fresh, bank, "1000.00",
        other.group(1));
    // Post/Redirect/Get: the refusal and the amount typed come back from the draft, as often
    // as the page is loaded, and the reload posts nothing.
    assertThat(tooMuch.statusCode()).isEqualTo(303);
    String location = tooMuch.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("draft=").endsWith("#payouts");
    String path = URI.create(location).getRawPath() + "?" + URI.create(location).getRawQuery();
    for (int reload = 0; reload < 2; reload++) {
      HttpResponse<String> refused = PageSession.get(owner, port, path, "text/html");
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body()).contains("id=\"payout-error\"")
          .contains("Your available balance is too low").contains("value=\"1000.00\"");
    }
    assertThat(PageSession.get(owner, port, page, "text/html").body())
        .doesNotContain("id=\"payout-error\"");
    assertThat(available(m)).isEqualTo(9_680 - 1_250);

    // Someone else: no section on their own merchant's page for this one, and 404 on posting.
    TestUsers.TestUser stranger = users.user().create();
    HttpClient other2 = PageSession.signedIn(port, stranger.email());
    String theirs = PageSession.get(other2, port, "/account", "text/html").body();
    HttpResponse<String> refusedPost = post(other2, page + "/payouts", theirs, bank, "1.00",
        UUID.randomUUID().toString());
    assertThat(refusedPost.statusCode()).isEqualTo(404);
    assertThat(available(m)).isEqualTo(9_680 - 1_250);
  }

  private HttpResponse<String> post(HttpClient client, String path, String formPage, UUID bank,
      String amount, String key) throws Exception {
    Matcher csrf = CSRF.matcher(formPage);
    assertThat(csrf.find()).isTrue();
    String form = "bankAccountId=" + bank + "&amount=" + enc(amount) + "&idempotencyKey="
        + enc(key) + "&_csrf=" + enc(csrf.group(1));
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private long available(TestMerchants.Created m) {
    return ledger.accountsOf(OwnerType.MERCHANT, m.merchantId().toString()).stream()
        .filter(a -> "balance".equals(a.kind())).mapToLong(Account::availableMinor).sum();
  }
}
