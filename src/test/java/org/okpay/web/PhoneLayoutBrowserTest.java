package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantRole;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.PayoutsApi;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundsApi;
import org.okpay.merchants.TestMerchants;
import org.okpay.merchants.WebhooksApi;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every page a customer and an operator reach, with real data on it, on a 390 x 844 phone screen
 * in English and Chinese: none is wider than the screen (no sideways scrolling). Failures are
 * collected over all pages so one run names every page that overflows and by how much.
 *
 * <p>With {@code -Dokpay.phoneScreenshots=true} it also saves every page it checks under
 * {@code target/screenshots}; the README's phone screenshots come from
 * {@link MoneyChartsBrowserTest}, with a history to draw.
 */
class PhoneLayoutBrowserTest extends BrowserTestSupport {

  private static final int PHONE_WIDTH_PX = 390;
  private static final int PHONE_HEIGHT_PX = 844;
  private static final List<String> LANGUAGES = List.of("en", "zh-CN");
  private static final String WIDTH_SCRIPT =
      "return [document.documentElement.scrollWidth, window.innerWidth];";

  @Autowired JsonMapper json;
  @Autowired TestMerchants merchants;
  @Autowired MerchantsApi merchantsApi;
  @Autowired WebhooksApi webhooks;
  @Autowired ApplicationEventPublisher events;
  @Autowired CheckoutApi checkout;
  @Autowired RefundsApi refunds;
  @Autowired RefundRequestsApi refundRequests;
  @Autowired FundingSourcesApi fundingSources;
  @Autowired PayoutsApi payouts;

  private MoneyFixture money;

  @BeforeEach
  void phoneScreen() {
    money = new MoneyFixture(port, json, users);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", PHONE_WIDTH_PX, "height", PHONE_HEIGHT_PX, "deviceScaleFactor", 1,
        "mobile", false));
  }

  @AfterEach
  void desktopScreen() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Test
  void noPageIsWiderThanAPhoneInEitherLanguage() throws Exception {
    List<String> tooWide = new ArrayList<>();
    for (String lang : LANGUAGES) {
      checkAll(List.of("/", "/login", "/register", "/forgot-password", "/status", "/fees",
          "/sandbox"), lang, tooWide);
    }

    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    money.addBankAccount(alice, "000123456789", "USD");
    money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail", bob.email(),
        "amountMinor", 12_345, "currency", "USD", "note", "Dinner at the harbour"));
    signInAs(alice);
    String tracker = firstTransactionPath();
    for (String lang : LANGUAGES) {
      checkAll(List.of("/account", "/account/cards", "/account/bank-accounts",
          "/account/notifications", "/account/money", "/account/money/top-up",
          "/account/money/send", "/account/money/withdraw", "/account/money/convert",
          "/account/money/abroad", "/account/money/transactions", "/account/money/statements",
          tracker, "/support/cases", "/support/cases/new?category=money_not_received"), lang,
          tooWide);
      check(topUpReview(lang), lang, tooWide);
      check(sendReview(lang, bob.email()), lang, tooWide);
      check(refusedSend(lang), lang, tooWide);
      check(twoFactorSetup(lang), lang, tooWide);
    }

    // Checkout (issue 10, M-checkout): the hosted page and its review, a static QR page, and
    // the merchant's payments on the dashboard.
    TestMerchants.Created shop = merchants.merchant().create();
    UUID session = checkout.create(shop.merchantId(), UUID.randomUUID().toString(),
        new CheckoutApi.NewSession(2_000L, "EUR", "Two books", "A-1001", null, null, null))
        .session().id();
    for (String lang : LANGUAGES) {
      checkAll(List.of("/pay/" + session, "/pay/m/" + shop.merchantId(),
          "/merchants/" + shop.merchantId()), lang, tooWide);
      open("/pay/" + session + "?lang=" + lang);
      submitAndWaitForNewPage(driver.findElement(By.id("continue-button")));
      check("/pay/" + session + "/review", lang, tooWide);
    }
    signInWithCookie(shop.owner());
    for (String lang : LANGUAGES) {
      checkAll(List.of("/merchant/" + shop.merchantId() + "/payments"), lang, tooWide);
    }

    User admin = money.admin();
    money.heldPayment(alice, bob, 300_000);
    signInAs(admin);
    for (String lang : LANGUAGES) {
      checkAll(List.of("/admin/status", "/admin/payments", "/admin/ledger"), lang, tooWide);
      check(ledgerAccount(lang), lang, tooWide);
    }

    merchantDashboard(tooWide);
    webhooksPage(tooWide);
    refundPages(tooWide);

    assertThat(tooWide).as("pages wider than a %d px phone", PHONE_WIDTH_PX).isEmpty();
  }

  /** The merchant's webhooks page with a long endpoint address, its secret and a delivery. */
  private void webhooksPage(List<String> tooWide) {
    TestMerchants.Created shop = merchants.merchant().create();
    MerchantCaller owner = new MerchantCaller(shop.merchantId(), null, shop.owner().id(),
        Map.of(ApiResource.WEBHOOKS, Access.WRITE));
    WebhooksApi.Endpoint endpoint = webhooks.create(owner, new WebhooksApi.NewEndpoint(
        "https://93.184.215.14/hooks/okpay/a-rather-long-path-for-the-order-system?source=okpay",
        "Order system", WebhooksApi.EVENT_TYPES));
    UUID payment = UUID.randomUUID();
    events.publishEvent(new MerchantEvent(UUID.randomUUID(), shop.merchantId(),
        "payment.succeeded", "payment", payment, "succeeded", Instant.now()));
    UUID delivery = webhooks.deliveries(owner, endpoint.id(), null, 1).getFirst().id();
    signInWithCookie(shop.owner());
    for (String lang : LANGUAGES) {
      checkAll(List.of("/merchant/" + shop.merchantId() + "/webhooks?endpoint=" + endpoint.id()
          + "&delivery=" + delivery), lang, tooWide);
    }
    webhooks.delete(owner, endpoint.id()); // nothing left for a dispatcher to send
  }

  private void checkAll(List<String> paths, String lang, List<String> tooWide) {
    for (String path : paths) {
      open(path + (path.contains("?") ? "&" : "?") + "lang=" + lang);
      check(path, lang, tooWide);
    }
  }

  /** Notes the page if it is wider than the screen, or if it is an error page (no real data). */
  private void check(String page, String lang, List<String> tooWide) {
    if (!driver.findElements(By.className("error-page")).isEmpty()) {
      tooWide.add(page + " [" + lang + "] is an error page");
      return;
    }
    @SuppressWarnings("unchecked")
    List<Number> widths = (List<Number>) driver.executeScript(WIDTH_SCRIPT);
    long scrollWidthPx = widths.get(0).longValue();
    long innerWidthPx = widths.get(1).longValue();
    assertThat(innerWidthPx).as("the emulated phone width").isEqualTo(PHONE_WIDTH_PX);
    if (Boolean.getBoolean("okpay.phoneScreenshots")) {
      screenshot("phone-" + page.replaceAll("[^a-z0-9]+", "-") + "-" + lang);
    }
    if (scrollWidthPx > innerWidthPx) {
      tooWide.add(page + " [" + lang + "] is " + scrollWidthPx + " px wide");
      screenshot("phone-" + page.replaceAll("[^a-z0-9]+", "-") + "-" + lang);
    }
  }

  /** The review of a card top-up, reached through the form as a person would. */
  private String topUpReview(String lang) {
    open("/account/money/top-up?lang=" + lang);
    driver.findElement(By.id("source-card-0")).click();
    driver.findElement(By.id("amount")).sendKeys("25.00");
    new Select(driver.findElement(By.id("currency"))).selectByValue("USD");
    driver.findElement(By.id("review-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-total")));
    return "/account/money/top-up/review";
  }

  /** The review of a payment to another user: the masked name, reached through the form. */
  private String sendReview(String lang, String recipient) {
    open("/account/money/send?lang=" + lang);
    driver.findElement(By.id("recipient")).sendKeys(recipient);
    driver.findElement(By.id("amount")).sendKeys("1.00");
    driver.findElement(By.id("review-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("review-counterparty")));
    return "/account/money/send/review";
  }

  /** The send form refused, with a message beside the amount. */
  private String refusedSend(String lang) {
    open("/account/money/send?lang=" + lang);
    driver.findElement(By.id("recipient")).sendKeys("someone@example.com");
    driver.findElement(By.id("amount")).sendKeys("1.001");
    driver.findElement(By.id("review-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("amount-error")));
    return "/account/money/send?draft";
  }

  /** The page that shows the key and QR code, reached with the account page's button. */
  private String twoFactorSetup(String lang) {
    open("/account?lang=" + lang);
    driver.findElement(By.id("two-factor-start")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("two-factor-secret")));
    return "/account/two-factor/setup";
  }

  /** The ledger console's view of one account, looked up with its form. */
  private String ledgerAccount(String lang) {
    open("/admin/ledger?lang=" + lang);
    driver.findElement(By.id("account")).sendKeys("1");
    driver.findElement(By.id("lookup-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-view")));
    return "/admin/ledger?account=1";
  }

  private String firstTransactionPath() {
    open("/account/money/transactions?lang=en");
    String href = driver.findElement(By.cssSelector(".tx-row .tx-link")).getDomAttribute("href");
    assertThat(href).startsWith("/account/money/transactions/");
    return href;
  }

  /** The merchant dashboard (issue 10), with a restricted key and an open invitation on it. */
  private void merchantDashboard(List<String> tooWide) {
    TestMerchants.Created shop = merchants.merchant().businessName("Lantern Tea House").create();
    merchants.key(shop, Map.of(ApiResource.BALANCE, Access.READ, ApiResource.PAYMENTS,
        Access.WRITE));
    merchantsApi.invite(TestMerchants.current(shop.owner()), shop.merchantId(),
        "a-rather-long-address-" + java.util.UUID.randomUUID() + "@example.com",
        MerchantRole.DEVELOPER);
    signInWithCookie(shop.owner());
    String page = "/merchant/" + shop.merchantId();
    for (String lang : LANGUAGES) {
      checkAll(List.of("/merchant", page, page + "/keys", page + "/staff"), lang, tooWide);
    }
  }

  /**
   * Refunds (issue 10, M-refunds): the merchant's refunds tab with an open request and a refund,
   * and the customer's refund page of the payment with a succeeded refund to confirm.
   */
  private void refundPages(List<String> tooWide) {
    TestMerchants.Created shop = merchants.merchant().businessName("Harbour Bicycle Repairs")
        .settlement("USD").create();
    TestUsers.TestUser payer = users.user().funded(50_000).create();
    CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), checkout.create(
        shop.merchantId(), UUID.randomUUID().toString(), new CheckoutApi.NewSession(9_000L,
            "USD", "Wheel truing", "R-77", null, null, null)).session().id(), null, null, null);
    MerchantCaller owner = merchantsApi.dashboardCaller(TestMerchants.current(shop.owner()),
        shop.merchantId()).orElseThrow();
    refunds.create(owner, new RefundsApi.NewRefund(paid.session().paymentId(), 1_000L,
        "duplicate", "phone-layout-1"));
    refundRequests.request(TestMerchants.current(payer), new RefundRequestsApi.NewRequest(
        null, paid.transaction().id(), 2_500L, "not_as_described",
        "The front wheel still wobbles after the repair, please refund part of it."));
    // The overview's Payouts section (M-payouts) with its form and one payout.
    UUID bank = fundingSources.addBankAccount(shop.owner().id(),
        new FundingSourcesApi.NewBankAccount("Pat Doe", "000123456789", "SBOXGB2L", "GB",
            java.util.Currency.getInstance("USD"))).id();
    payouts.create(owner, "phone-layout-payout", new PayoutsApi.NewPayout(bank, 2_000L));
    signInWithCookie(shop.owner());
    for (String lang : LANGUAGES) {
      // The overview with its daily chart of this payment and refund (M-dash).
      checkAll(List.of("/merchant/" + shop.merchantId() + "/refunds",
          "/merchant/" + shop.merchantId()), lang, tooWide);
    }
    signInWithCookie(payer);
    for (String lang : LANGUAGES) {
      checkAll(List.of("/account/refunds?transaction=" + paid.transaction().id()), lang,
          tooWide);
    }
  }

  private void signInAs(User user) {
    open("/login?lang=en");
    signIn(user.email(), MoneyFixture.PASSWORD);
  }
}
