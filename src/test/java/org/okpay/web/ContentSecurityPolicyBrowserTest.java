package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pages work under the Content-Security-Policy in a real browser: htmx still swaps (the
 * password meter), the statement's print button and the "are you sure" questions run from
 * /js/okpay.js, and no page, Swagger UI included, trips the policy. The browser reports every
 * violation to a listener the driver puts in each page before the page's own code runs.
 */
class ContentSecurityPolicyBrowserTest extends BrowserTestSupport {

  private static final String WATCH_VIOLATIONS = """
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', function (e) {
        window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
      });
      """;

  @BeforeAll
  void watchViolations() {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", WATCH_VIOLATIONS));
  }

  @Test
  void htmxStillUpdatesThePasswordMeter() {
    open("/register");
    driver.findElement(By.id("password")).sendKeys("Velvet-Otter-Harbor-7193");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("meter-text")));
    String level =
        driver.findElement(By.cssSelector("#meter .meter")).getDomAttribute("data-level");
    assertThat(Integer.parseInt(level)).isBetween(1, 5);
    Object width = driver.executeScript(
        "return document.querySelector('#meter .meter span').getBoundingClientRect().width");
    assertThat(((Number) width).doubleValue()).as("the style sheet sizes the bar").isPositive();
    assertThat(violations()).isEmpty();
  }

  @Test
  void publicPagesAndSwaggerUiTripNothing() {
    for (String page : List.of("/", "/login", "/status", "/fees", "/forgot-password")) {
      open(page);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("main")));
      assertThat(violations()).as(page).isEmpty();
    }
    open("/swagger-ui.html");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .info")));
    assertThat(violations()).as("Swagger UI").isEmpty();
  }

  @Test
  void printAndAreYouSureRunFromTheScriptFile() throws Exception {
    String email = users.user().create().email();
    open("/login");
    signIn(email, TestUsers.PASSWORD);

    open("/account/money/statements/" + YearMonth.now(ZoneOffset.UTC));
    driver.executeScript("window.print = function () { window.__printed = true; };");
    driver.findElement(By.id("print-button")).click();
    assertThat(driver.executeScript("return window.__printed === true")).isEqualTo(true);
    assertThat(violations()).isEmpty();

    open("/account");
    driver.findElement(By.id("hacked-button")).click();
    wait.until(ExpectedConditions.alertIsPresent()).dismiss();
    // Declining the question sends nothing: still the account page, not frozen.
    assertThat(driver.findElements(By.id("hacked-form"))).hasSize(1);
    assertThat(driver.getCurrentUrl()).endsWith("/account");
    assertThat(violations()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private List<String> violations() {
    return (List<String>) driver.executeScript("return window.__cspViolations || ['no watcher']");
  }
}
