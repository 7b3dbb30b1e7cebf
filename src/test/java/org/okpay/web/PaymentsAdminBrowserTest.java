package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The operators' payments page in a real browser: decide a held payment, resolve a finding. */
class PaymentsAdminBrowserTest extends BrowserTestSupport {

  @LocalServerPort int serverPort;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(serverPort, json, users);
  }

  @Test
  void anAdminApprovesAHeldPaymentAndItLeavesTheList() throws Exception {
    User admin = money.admin();
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    String id = money.heldPayment(alice, bob, 300_000).get("id").asString();
    signInAs(admin);

    open("/admin/ledger?lang=en");
    submitAndWaitForNewPage(driver.findElement(By.id("payments-admin-link")));
    assertThat(driver.getCurrentUrl()).endsWith("/admin/payments");
    WebElement row = driver.findElement(By.id("held-" + id));
    assertThat(row.getText()).contains(alice.email()).contains(bob.email())
        .contains("$3,000.00").contains("Much more than this user usually sends");
    screenshot("payments-admin");
    submitAndWaitForNewPage(row.findElement(By.className("approve-button")));

    assertThat(driver.findElement(By.id("admin-done")).getText()).contains("approved");
    assertThat(driver.findElements(By.id("held-" + id))).isEmpty();
    assertThat(money.balance(bob, "USD")).isEqualTo(300_000);
    assertThat(money.balance(alice, "USD")).isEqualTo(200_000);
  }

  @Test
  void aPaymentRejectedMeanwhileIsExplainedAndNotApproved() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 500_000, "USD");
    String id = money.heldPayment(alice, bob, 300_000).get("id").asString();
    signInAs(money.admin());
    open("/admin/payments?lang=en");
    WebElement approve = driver.findElement(By.id("held-" + id))
        .findElement(By.className("approve-button"));

    // Another agent rejects it while this page is open.
    HttpResponse<String> rejected = money.send("POST", "/api/v1/admin/payments/reviews/" + id
        + "/reject", null, MoneyFixture.ADMIN, null);
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    submitAndWaitForNewPage(approve);

    WebElement problem = driver.findElement(By.cssSelector("#held #form-problem"));
    assertThat(problem.getDomAttribute("data-code")).isEqualTo("transaction_not_reviewable");
    assertThat(driver.findElements(By.id("held-" + id))).isEmpty();
    assertThat(money.balance(bob, "USD")).isZero();
    assertThat(money.get(alice, "/api/v1/me/transactions/" + id).get("failure").asString())
        .isEqualTo("review_rejected");
  }

  @Test
  void aFindingFromRunNowIsResolvedOnThePageAndAnEmptyResolutionIsExplainedInChinese()
      throws Exception {
    User admin = money.admin();
    User pat = money.user("USD");
    money.fund(pat, 50_000, "USD");
    String bank = money.addBankAccount(pat, "000123456789", "USD");
    HttpResponse<String> sent = money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", bank, "amountMinor", 20_000));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    String id = money.read(sent).get("id").asString();
    setRailAmount(id, 25_000);
    money.advanceSandbox(Duration.ofHours(1));
    signInAs(admin);

    open("/admin/payments?lang=zh-CN");
    submitAndWaitForNewPage(driver.findElement(By.id("run-button")));
    assertThat(driver.findElement(By.id("admin-done")).getText()).contains("对账已运行");
    assertThat(Integer.parseInt(driver.findElement(By.cssSelector(".run-row .run-findings"))
        .getText())).isPositive();
    WebElement finding = finding(id);
    assertThat(finding.findElement(By.className("finding-kind")).getText()).isEqualTo("金额不一致");
    assertThat(finding.findElement(By.className("finding-ledger")).getText()).isEqualTo("处理中");
    assertThat(finding.findElement(By.className("finding-rail")).getText()).isEqualTo("已完成");

    // The browser's own check switched off: the server explains the missing text at the finding.
    driver.executeScript("arguments[0].removeAttribute('required')",
        finding.findElement(By.name("resolution")));
    submitAndWaitForNewPage(finding.findElement(By.className("resolve-finding-button")));
    assertThat(finding(id).findElement(By.id("form-problem")).getText()).contains("处理结果");
    new org.openqa.selenium.interactions.Actions(driver).scrollToElement(finding(id)).perform();
    screenshot("payments-admin-finding");

    finding(id).findElement(By.name("resolution")).sendKeys("银行已更正金额。");
    submitAndWaitForNewPage(finding(id).findElement(By.className("resolve-finding-button")));
    assertThat(driver.findElement(By.id("admin-done")).getText()).contains("已处理");
    assertThat(driver.findElements(By.id(findingArticleId(id)))).isEmpty();
    assertThat(jdbc.sql("""
        select resolved_by from payments.reconciliation_findings
         where transaction_id = cast(:id as uuid) and resolution = '银行已更正金额。'
        """).param("id", id).query(String.class).single()).isEqualTo(admin.email());

    // Leave nothing open for other tests: the corrected rail lets the next run settle it.
    setRailAmount(id, 20_000);
    money.reconcile();
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("state").asString())
        .isEqualTo("completed");
  }

  @Test
  void strangersAreSentToSignInAndCustomersAreRefused() throws Exception {
    open("/admin/payments");
    assertThat(driver.getCurrentUrl()).contains("/login?next=/admin/payments");

    signInAs(money.user("USD"));
    open("/admin/payments?lang=en");
    assertThat(driver.findElements(By.id("run-form"))).isEmpty();
    assertThat(driver.getPageSource()).contains("403");
  }

  private void signInAs(User user) {
    open("/login?lang=en");
    signIn(user.email(), MoneyFixture.PASSWORD);
  }

  /** The finding's article, found by its transaction id. */
  private WebElement finding(String transactionId) {
    return driver.findElement(By.xpath("//article[contains(@class,'admin-finding')]"
        + "[.//code[text()='" + transactionId + "']]"));
  }

  private String findingArticleId(String transactionId) {
    return jdbc.sql("""
        select 'finding-' || id from payments.reconciliation_findings
         where transaction_id = cast(:id as uuid)
        """).param("id", transactionId).query(String.class).single();
  }

  private void setRailAmount(String transactionId, long amountMinor) {
    assertThat(jdbc.sql(
            "update sandbox.operations set amount_minor = :amount where reference = :ref")
        .param("amount", amountMinor).param("ref", transactionId).update()).isEqualTo(1);
  }
}
