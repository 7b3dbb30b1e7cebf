package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
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
    assertThat(driver.findElement(By.id("account-balance")).getText()).isEqualTo("25.00 USD");
    assertThat(driver.findElements(By.cssSelector(".statement-line"))).hasSize(20);
    assertThat(driver.findElements(By.cssSelector(".line-balance")).getFirst().getText())
        .isEqualTo("25.00 USD");

    driver.findElement(By.id("older-link")).click(); // htmx swaps the older lines in place
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".statement-line"), 25));
    assertThat(driver.findElements(By.cssSelector(".line-balance")).getLast().getText())
        .isEqualTo("1.00 USD");
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
    String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "Velvet-Otter-Harbor-7193";
    var http = HttpClient.newHttpClient();
    api(http, "POST", "/api/v1/auth/register", null, """
        {"email":"%s","password":"%s","displayName":"Ada","language":"en","country":"GB",
         "defaultCurrency":"GBP"}""".formatted(email, password));
    String token = api(http, "POST", "/api/v1/auth/tokens", null,
        "{\"email\":\"%s\",\"password\":\"%s\"}".formatted(email, password))
        .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    String id = api(http, "GET", "/api/v1/me", token, null)
        .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    api(http, "PUT", "/api/v1/admin/users/" + id + "/role", TOKEN, "{\"role\":\"admin\"}");

    open("/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    var button = driver.findElement(By.id("login-button"));
    submitAndWaitForNewPage(button);
    open("/admin/ledger");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invariants-ok")));
    assertThat(driver.findElements(By.id("login-form"))).isEmpty();
  }

  private String api(HttpClient http, String method, String path, String bearer,
      String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " " + response.body()).isBetween(200, 204);
    return response.body();
  }

  private void signIn(String token) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    driver.findElement(By.id("token")).sendKeys(token);
    var button = driver.findElement(By.id("login-button"));
    submitAndWaitForNewPage(button);
  }
}
