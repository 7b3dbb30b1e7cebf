package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.identity.Role;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferResultCode;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** The operator's ledger console in a real browser: sign-in, checks, an account's statement. */
class LedgerConsoleBrowserTest extends BrowserTestSupport {

  private static final String TOKEN = "test-admin-token"; // src/test/resources/config/application.yml

  @Autowired LedgerApi ledger;

  @Test
  void wrongTokenIsRefusedInWordsAndTheRightOneOpensTheConsole() {
    open("/admin/ledger");
    signIn("not-the-token");
    assertThat(driver.findElement(By.id("login-error")).getText())
        .isEqualTo("That token is not right. Please check it and try again.");
    assertThat(driver.findElements(By.id("invariants"))).isEmpty();

    signIn(TOKEN);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invariants-ok")));
    assertThat(driver.findElement(By.id("invariants-ok")).getText()).startsWith("All checks passed");
  }

  @Test
  void showsAnAccountWithItsRunningBalanceAndLoadsOlderLines() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account alice = fixture.customer(LedgerFixture.USD);
    Account rail = fixture.system(LedgerFixture.USD);
    for (int i = 1; i <= 25; i++) {
      var result = ledger.transfer(LedgerFixture.posted(rail.id(), alice.id(), 100, alice.currency()));
      assertThat(result.code()).isEqualTo(TransferResultCode.OK);
    }
    open("/admin/ledger");
    signIn(TOKEN);

    driver.findElement(By.id("account")).sendKeys(Long.toString(alice.id()));
    driver.findElement(By.id("lookup-button")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("account-view")));
    assertThat(driver.findElement(By.id("account-balance")).getText()).isEqualTo("$25.00");
    assertThat(driver.findElements(By.cssSelector(".statement-line"))).hasSize(20);
    assertThat(driver.findElements(By.cssSelector(".line-balance")).getFirst().getText())
        .isEqualTo("$25.00");

    driver.findElement(By.id("older-link")).click(); // htmx swaps the older lines in place
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".statement-line"), 25));
    assertThat(driver.findElements(By.cssSelector(".line-balance")).getLast().getText())
        .isEqualTo("$1.00");
    assertThat(driver.findElements(By.id("older-link"))).isEmpty();
    screenshot("ledger-console");
  }

  @Test
  void unknownAccountIsExplainedInChinese() {
    open("/admin/ledger?lang=zh-CN");
    signIn(TOKEN);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-form")));

    driver.findElement(By.id("account")).sendKeys("999999999999");
    driver.findElement(By.id("lookup-button")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-error")));
    assertThat(driver.findElement(By.id("lookup-error")).getText()).isEqualTo("找不到该账户。");
    assertThat(htmlLang()).isEqualTo("zh-CN");
  }

  @Test
  void anAdminSignedInToOkPayNeedsNoOperatorToken() throws Exception {
    TestUsers.TestUser admin = users.user().unverified().country("GB").currency("GBP")
        .role(Role.ADMIN).create();
    String email = admin.email();
    String password = admin.password();

    open("/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    var button = driver.findElement(By.id("login-button"));
    submitAndWaitForNewPage(button);
    open("/admin/ledger");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invariants-ok")));
    assertThat(driver.findElements(By.id("login-form"))).isEmpty();
  }

  private void signIn(String token) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    driver.findElement(By.id("token")).sendKeys(token);
    var button = driver.findElement(By.id("login-button"));
    submitAndWaitForNewPage(button);
  }
}
