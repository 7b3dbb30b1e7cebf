package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.TestUsers.TestUser;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admins' audit page in Chromium at a 390 px phone's width, in both languages: the rows of
 * a chain with their details, filters, the verify button's answer in words; an agent is refused.
 */
class AuditPageBrowserTest extends BrowserTestSupport {

  private static final int PHONE_WIDTH_PX = 390;

  @Autowired AuditApi audit;

  @AfterEach
  void desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  @Test
  void anAdminReadsFiltersAndVerifiesTheLogOnAPhoneInBothLanguages() {
    String chain = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    audit.append(new AuditEvent(chain + ".unfreeze", "agent", "agent-7", "user",
        "4f1c2a90-1111-2222-3333-444455556666", "Owner confirmed by a video call",
        Map.of("case", "c-42", "checklist", "identity,devices,password")));
    audit.append(AuditEvent.system(chain + ".locked", "user", "u-9", Map.of("failures", "5")));
    TestUser admin = users.user().role(Role.ADMIN).create();
    signInWithCookie(admin);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width",
        PHONE_WIDTH_PX, "height", 844, "deviceScaleFactor", 1, "mobile", false));

    open("/admin/audit?chain=" + chain);
    List<WebElement> rows = driver.findElements(By.cssSelector("#audit-events .audit-row"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getDomAttribute("data-seq")).isEqualTo("2");
    assertThat(rows.get(1).getText()).contains(chain + ".unfreeze", "Support agent",
        "Reason: Owner confirmed by a video call", "c-42");
    fitsThePhone("audit-phone-en");

    driver.findElement(By.id("filter-action")).sendKeys(chain + ".lock");
    submitAndWaitForNewPage(driver.findElement(By.id("filter-button")));
    assertThat(driver.findElements(By.cssSelector("#audit-events .audit-row"))).hasSize(1);

    submitAndWaitForNewPage(driver.findElement(By.id("verify-button")));
    WebElement mine = driver.findElement(
        By.cssSelector("#verification li[data-chain='" + chain + "']"));
    assertThat(mine.getDomAttribute("class")).isEqualTo("verify-ok");
    assertThat(mine.getText()).contains(chain + ": intact, 2 events checked.");

    open("/admin/audit?lang=zh-CN&chain=" + chain);
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("审计日志");
    assertThat(driver.findElement(By.id("audit-events")).getText()).contains("客服", "原因：");
    fitsThePhone("audit-phone-zh");
  }

  @Test
  void anAgentIsRefused() {
    TestUser agent = users.user().role(Role.AGENT).create();
    signInWithCookie(agent);

    open("/admin/audit");

    assertThat(driver.findElements(By.id("audit-events"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector(".error-code code")).getText())
        .isEqualTo("forbidden");
  }

  private void fitsThePhone(String screenshot) {
    @SuppressWarnings("unchecked")
    List<Number> widths = (List<Number>) driver.executeScript(
        "return [document.documentElement.scrollWidth, window.innerWidth];");
    assertThat(widths.get(1).longValue()).isEqualTo(PHONE_WIDTH_PX);
    assertThat(widths.get(0).longValue()).isLessThanOrEqualTo(widths.get(1).longValue());
    screenshot(screenshot);
  }
}
