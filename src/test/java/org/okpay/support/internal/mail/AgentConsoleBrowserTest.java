package org.okpay.support.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.NewCase;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseService;
import org.okpay.web.BrowserTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The agent console in Chromium, with real mail both ways (GreenMail SMTP and IMAP): an agent
 * finds the case in the queue, answers it on the case page, the answer reaches the customer by
 * e-mail, and the customer's e-mail answer, polled from the support mailbox, shows in the case.
 */
@DirtiesContext
class AgentConsoleBrowserTest extends BrowserTestSupport {

  @RegisterExtension
  static final GreenMailExtension greenMail = MailboxFixture.greenMail();

  @DynamicPropertySource
  static void mailboxInstance(DynamicPropertyRegistry registry) {
    MailboxFixture.properties(registry, "agentbrowser");
  }

  @Autowired CaseService cases;
  @Autowired ImapPoller poller;

  @Test
  void anAgentAnswersInTheConsoleAndTheCustomersEmailAnswerLandsInTheCase() throws Exception {
    GreenMailUser support = MailboxFixture.supportUser(greenMail);
    TestUser customer = users.user().displayName("Lin").create();
    TestUser agent = users.user().role(Role.AGENT).displayName("Ada").create();
    SupportCase c = cases.open(new NewCase(customer.id(), customer.email(), "en",
        CaseCategory.MONEY_NOT_RECEIVED, CasePriority.URGENT, "My transfer has not arrived",
        "I sent 100 USD on Monday.", null, "test:" + UUID.randomUUID(), "web"));

    signInWithCookie(agent);
    open("/admin/support/queue?priority=urgent");
    WebElement row = wait.until(d -> d.findElement(By.id("queue-" + c.id())));
    assertThat(row.getText()).contains(c.reference()).contains("Lin");
    assertThat(row.findElement(By.className("queue-due")).getText()).startsWith("Answer by");
    submitAndWaitForNewPage(row.findElement(By.className("queue-link")));

    wait.until(d -> d.findElement(By.id("case-reference")).getText().equals(c.reference()));
    String answer = "We traced your transfer " + UUID.randomUUID() + "; it arrives today.";
    driver.findElement(By.id("reply-body")).sendKeys(answer);
    submitAndWaitForNewPage(driver.findElement(By.id("reply-button")));
    assertThat(driver.findElement(By.id("agent-done")).getText()).contains("sent");
    assertThat(driver.findElement(By.id("case-status")).getDomAttribute("data-status"))
        .isEqualTo("waiting_on_customer");

    MimeMessage ours = MailboxFixture.awaitMail(greenMail, customer.email(),
        m -> MailboxFixture.text(m).contains(answer));
    assertThat(ours.getSubject()).contains("[" + c.reference() + "]");
    String thanks = "Thanks Ada, it is there now.";
    support.deliver(MailboxFixture.answer(ours, customer.email(), thanks,
        "<thanks-" + UUID.randomUUID() + "@example.com>"));
    assertThat(poller.poll().accepted()).isEqualTo(1);

    driver.navigate().refresh();
    WebElement last = wait.until(d -> d.findElements(By.cssSelector(
        ".thread-message[data-via='email']")).stream().findFirst().orElse(null));
    assertThat(last.getText()).contains(thanks).doesNotContain("our earlier answer");
    assertThat(last.getDomAttribute("data-author")).isEqualTo("customer");
    assertThat(driver.findElement(By.id("case-status")).getDomAttribute("data-status"))
        .isEqualTo("waiting_on_agent");
    screenshot("agent-console-case");
  }
}
