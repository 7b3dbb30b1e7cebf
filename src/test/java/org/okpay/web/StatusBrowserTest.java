package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public status page and the login page's maintenance banner, in a real browser. */
class StatusBrowserTest extends BrowserTestSupport {

  @Autowired StatusApi status;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void noMaintenanceLeftBehind() {
    jdbc.sql("delete from status.maintenance_windows").update();
  }

  @Test
  void loginPageWarnsAndStatusPageShowsTheMaintenance() {
    status.scheduleMaintenance("Sign-in upgrade", Set.of(StatusComponent.LOGIN),
        Instant.now().minusSeconds(60), Instant.parse("2099-01-01T02:00:00Z"));

    open("/login?lang=en");
    // A first visit: the browser has not told its zone yet, so the time is UTC and says so.
    assertThat(driver.findElement(By.id("login-notice")).getText().replace('\u202f', ' '))
        .contains("scheduled maintenance until Jan 1, 2099, 2:00 AM UTC");

    open("/status");
    assertThat(driver.findElement(By.cssSelector("#component-login .component-state")).getText())
        .isEqualTo("Under maintenance");
    assertThat(driver.findElement(By.cssSelector("#component-card_topups .component-state"))
        .getText()).isEqualTo("Operational");
    assertThat(driver.findElement(By.cssSelector(".maintenance")).getText())
        .contains("Sign-in upgrade");
    screenshot("status");

    open("/");
    assertThat(driver.findElement(By.id("status-banner")).getText()).contains("Sign-in");
  }

  @Test
  void subscribingFromTheStatusPageAsksForConfirmation() {
    open("/status?lang=en");
    driver.findElement(By.id("subscribe-email")).sendKeys(
        "page-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    submitAndWaitForNewPage(driver.findElement(By.id("subscribe-button")));
    assertThat(driver.findElement(By.id("subscription-outcome")).getText())
        .contains("a link to confirm the subscription is on its way");
  }

  @Test
  void withoutMaintenanceTheLoginPageHasNoBanner() {
    open("/login?lang=en");
    assertThat(driver.findElements(By.id("login-notice"))).isEmpty();
    assertThat(driver.findElements(By.id("status-banner"))).isEmpty();
  }
}
