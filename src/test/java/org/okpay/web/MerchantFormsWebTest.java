package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.TestMerchants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Post/Redirect/Get on the merchant pages over HTTP with a browser's session: a refused form
 * answers 303 to a GET of its draft, which shows the refusal (with its status), what was typed
 * and the field marked, as often as it is loaded; a new key's page is the POST's answer, and
 * the same form posted again (a reload) makes no second key.
 */
@OkPayTest
class MerchantFormsWebTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern FORM_KEY = Pattern.compile("name=\"formKey\" value=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired TestMerchants merchants;
  @Autowired TestUsers users;
  @Autowired MerchantsApi merchantsApi;

  @Test
  void aReloadedKeyFormMakesNoSecondKeyAndARefusedNameComesBack() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    HttpClient owner = PageSession.signedIn(port, m.owner().email());
    String keys = "/merchant/" + m.merchantId() + "/keys";
    int before = merchantsApi.keys(TestMerchants.current(m.owner()), m.merchantId()).size();

    String page = PageSession.get(owner, port, keys, "text/html").body();
    Matcher formKey = FORM_KEY.matcher(page);
    assertThat(formKey.find()).isTrue();
    Map<String, String> form = Map.of("name", "Till", "type", "secret",
        "formKey", formKey.group(1));
    HttpResponse<String> made = post(owner, keys, page, form);
    assertThat(made.statusCode()).isEqualTo(200);
    assertThat(made.body()).contains("id=\"new-key-secret\"").contains("okp_sk_test_");
    assertThat(made.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    HttpResponse<String> again = post(owner, keys, page, form);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith(keys + "?shownOnce");
    assertThat(again.body()).doesNotContain("id=\"new-key-secret\"");
    assertThat(merchantsApi.keys(TestMerchants.current(m.owner()), m.merchantId()))
        .hasSize(before + 1);

    HttpResponse<String> tooLong = post(owner, keys, page, Map.of("name", "x".repeat(61),
        "type", "secret", "formKey", UUID.randomUUID().toString()));
    assertThat(tooLong.statusCode()).isEqualTo(303);
    String location = path(tooLong);
    assertThat(location).contains("draft=");
    for (int reload = 0; reload < 2; reload++) {
      HttpResponse<String> shown = PageSession.get(owner, port, location, "text/html");
      assertThat(shown.statusCode()).isEqualTo(400);
      assertThat(shown.body()).contains("id=\"key-name-error\"").contains("aria-invalid=\"true\"")
          .contains("value=\"" + "x".repeat(61) + "\"")
          .doesNotContain("id=\"new-key-secret\"");
    }
    assertThat(merchantsApi.keys(TestMerchants.current(m.owner()), m.merchantId()))
        .hasSize(before + 1);
  }

  @Test
  void refusedDashboardFormsComeBackFromTheirDrafts() throws Exception {
    TestMerchants.Created m = merchants.merchant().create();
    HttpClient owner = PageSession.signedIn(port, m.owner().email());

    // A refund of a payment id that cannot be read.
    String refunds = "/merchant/" + m.merchantId() + "/refunds";
    String page = PageSession.get(owner, port, refunds, "text/html").body();
    HttpResponse<String> refused = post(owner, refunds, page, Map.of("paymentId", "nope",
        "amount", "5.00", "reason", "duplicate", "reference", "r-1"));
    assertThat(refused.statusCode()).isEqualTo(303);
    HttpResponse<String> shown = PageSession.get(owner, port, path(refused), "text/html");
    assertThat(shown.statusCode()).isEqualTo(400);
    assertThat(shown.body()).contains("value=\"nope\"").contains("value=\"5.00\"")
        .contains("id=\"refund-payment-error\"").contains("value=\"r-1\"");

    // Onboarding without a business name: everything else typed comes back.
    String onboarding = PageSession.get(owner, port, "/merchant", "text/html").body();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("businessName", "");
    fields.put("category", "retail");
    fields.put("country", "CN");
    fields.put("supportEmail", "help@teas.example");
    fields.put("settlementCurrency", "CNY");
    fields.put("refundPolicy", "Unopened tea within 30 days.");
    fields.put("refundWindowDays", "30");
    HttpResponse<String> noName = post(owner, "/merchant", onboarding, fields);
    assertThat(noName.statusCode()).isEqualTo(303);
    assertThat(noName.headers().firstValue("Location").orElseThrow()).endsWith("#onboard-form");
    HttpResponse<String> again = PageSession.get(owner, port, path(noName), "text/html");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("id=\"businessName-error\"")
        .contains("value=\"help@teas.example\"").contains("Unopened tea within 30 days.");

    // Someone else's draft id shows the empty form, not the owner's input.
    TestUsers.TestUser stranger = users.user().create();
    HttpClient other = PageSession.signedIn(port, stranger.email());
    HttpResponse<String> theirs = PageSession.get(other, port, path(noName), "text/html");
    assertThat(theirs.statusCode()).isEqualTo(200);
    assertThat(theirs.body()).doesNotContain("help@teas.example");
  }

  private String path(HttpResponse<String> redirect) {
    URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    return location.getRawPath() + (location.getRawQuery() == null ? ""
        : "?" + location.getRawQuery());
  }

  private HttpResponse<String> post(HttpClient client, String path, String formPage,
      Map<String, String> fields) throws Exception {
    Matcher csrf = CSRF.matcher(formPage);
    assertThat(csrf.find()).isTrue();
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", csrf.group(1));
    String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
