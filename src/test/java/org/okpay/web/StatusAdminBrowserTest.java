package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers;
import org.okpay.identity.Role;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operators' status page in a real browser: open an incident, post an update, see both. */
class StatusAdminBrowserTest extends BrowserTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired StatusApi status;

  /** Other tests share the database: no open incident is left to change their pages. */
  @AfterEach
  void resolveWhatWasOpened() {
    jdbc.sql("update status.incidents set resolved_at = now() where resolved_at is null").update();
  }

  @Test
  void anAdminOpensAnIncidentPostsAnUpdateAndTheStatusPageShowsBoth() throws Exception {
    String title = "Card top-ups fail " + UUID.randomUUID().toString().substring(0, 8);
    signInAs(user(true));
    open("/admin/status?lang=en");

    driver.findElement(By.id("incident-title")).sendKeys(title);
    driver.findElement(By.id("incident-component-card_topups")).click();
    new Select(driver.findElement(By.id("incident-impact"))).selectByValue("partial_outage");
    driver.findElement(By.id("incident-message")).sendKeys("Some card top-ups fail.");
    submitAndWaitForNewPage(driver.findElement(By.id("incident-button")));
    assertThat(driver.findElement(By.id("admin-done")).getText()).contains("The incident is open");

    WebElement incident = adminIncident(title);
    new Select(incident.findElement(By.name("phase"))).selectByValue("identified");
    incident.findElement(By.name("message")).sendKeys("The card network is down; we switch.");
    submitAndWaitForNewPage(incident.findElement(By.className("update-button")));
    assertThat(driver.findElement(By.id("admin-done")).getText()).contains("update is posted");
    assertThat(adminIncident(title).findElements(By.className("incident-update"))).hasSize(2);
    screenshot("status-admin");

    open("/status?lang=en");
    WebElement shown = driver.findElement(By.xpath(
        "//div[contains(@class,'incident')][h3[text()='" + title + "']]"));
    List<WebElement> updates = shown.findElements(By.className("incident-update"));
    assertThat(updates).hasSize(2);
    assertThat(updates.get(0).getText()).contains("Investigating")
        .contains("Some card top-ups fail.");
    assertThat(updates.get(1).getText()).contains("Identified")
        .contains("The card network is down; we switch.");
    assertThat(driver.findElement(By.cssSelector("#component-card_topups .component-state"))
        .getText()).isEqualTo("Partial outage");
    screenshot("status-timeline");
  }

  @Test
  void formProblemsAreExplainedInChineseAtTheirFormWhichKeepsWhatWasTyped() throws Exception {
    signInAs(user(true));
    open("/admin/status?lang=zh-CN");

    driver.findElement(By.id("incident-title")).sendKeys("登录缓慢");
    driver.findElement(By.id("incident-message")).sendKeys("正在调查。");
    submitAndWaitForNewPage(driver.findElement(By.id("incident-button")));

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-problem")));
    assertThat(driver.findElement(By.id("form-problem")).getText()).contains("受影响的服务");
    assertThat(driver.findElement(By.id("incident-title")).getDomProperty("value"))
        .isEqualTo("登录缓慢");
    assertThat(jdbc.sql("select count(*) from status.incidents where title = '登录缓慢'")
        .query(Integer.class).single()).isZero();

    // An update without a message (the browser's own check switched off) is explained at its
    // incident, and the incident keeps its one update.
    String title = "API errors " + UUID.randomUUID().toString().substring(0, 8);
    status.openIncident(title, java.util.Set.of(StatusComponent.API), ComponentState.DEGRADED,
        "Some calls fail.");
    open("/admin/status?lang=zh-CN");
    WebElement incident = adminIncident(title);
    driver.executeScript("arguments[0].removeAttribute('required')",
        incident.findElement(By.name("message")));
    submitAndWaitForNewPage(incident.findElement(By.className("update-button")));
    WebElement problem = adminIncident(title).findElement(By.id("form-problem"));
    assertThat(problem.getText()).contains("说明");
    assertThat(adminIncident(title).findElements(By.className("incident-update"))).hasSize(1);
  }

  @Test
  void strangersAreSentToSignInAndCustomersAreRefused() throws Exception {
    open("/admin/status");
    assertThat(driver.getCurrentUrl()).contains("/login?next=/admin/status");

    signInAs(user(false));
    open("/admin/status?lang=en");
    assertThat(driver.findElements(By.id("incident-form"))).isEmpty();
    assertThat(driver.getPageSource()).contains("403");
  }

  private void signInAs(String email) {
    open("/login?lang=en");
    signIn(email, TestUsers.PASSWORD);
  }

  private WebElement adminIncident(String title) {
    return driver.findElement(By.xpath("//article[h3[text()='" + title + "']]"));
  }

  /** A new user in the United Kingdom (address not confirmed), an admin when asked. */
  private String user(boolean admin) {
    return users.user().unverified().country("GB").currency("GBP")
        .role(admin ? Role.ADMIN : Role.CUSTOMER).create().email();
  }
}
