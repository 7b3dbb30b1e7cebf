package org.okpay.support.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.NewCase;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseMessage;
import org.okpay.support.internal.cases.CaseService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * E-mail in, over real SMTP and IMAP (GreenMail): an agent's reply reaches the customer with the
 * case reference in the subject and the support mailbox's plus-address as Reply-To; the
 * customer's answer lands in its case once however often the mailbox is polled, a forged sender
 * or a mail without a case changes nothing, and handled mail leaves the inbox.
 */
@OkPayTest
@DirtiesContext
class ImapPollerTest {

  @RegisterExtension
  static final GreenMailExtension greenMail = MailboxFixture.greenMail();

  @DynamicPropertySource
  static void mailboxInstance(DynamicPropertyRegistry registry) {
    MailboxFixture.properties(registry, "agentimap");
  }

  @Autowired ImapPoller poller;
  @Autowired CaseService cases;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  private GreenMailUser support;

  @BeforeEach
  void mailbox() {
    support = MailboxFixture.supportUser(greenMail);
  }

  private SupportCase answeredCase(TestUser customer, TestUser agent, String answer) {
    SupportCase c = cases.open(new NewCase(customer.id(), customer.email(), "en",
        CaseCategory.MONEY_NOT_RECEIVED, CasePriority.HIGH, "Money not received",
        "It has been three days.", null, "test:" + UUID.randomUUID(), "web"));
    cases.agentReply(c.id(), agent.id(), answer, null);
    return c;
  }

  /** Our reply to the customer as it arrived in their mailbox. */
  private MimeMessage ourReply(TestUser customer, String answer) {
    return MailboxFixture.awaitMail(greenMail, customer.email(),
        m -> MailboxFixture.text(m).contains(answer));
  }

  private List<CaseMessage> fromCustomer(SupportCase c) {
    return cases.thread(c.id(), true).stream()
        .filter(m -> m.authorType().equals("customer")).toList();
  }

  @Test
  void theCustomersEmailAnswerLandsInItsCaseOnceAndMovesIt() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    String answer = "We found it " + UUID.randomUUID();
    SupportCase c = answeredCase(customer, agent, answer);
    MimeMessage ours = ourReply(customer, answer);

    assertThat(ours.getSubject()).contains("[" + c.reference() + "]");
    assertThat(ours.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("support+" + c.reference() + "@okpay.test");
    // Its footer invites the answer instead of saying the address takes no replies.
    assertThat(MailboxFixture.text(ours)).contains("You can answer this e-mail")
        .doesNotContain("does not receive replies");
    assertThat(cases.anyCase(c.id()).orElseThrow().status())
        .isEqualTo(CaseStatus.WAITING_ON_CUSTOMER);

    String messageId = "<answer-" + UUID.randomUUID() + "@example.com>";
    MimeMessage answerMail = MailboxFixture.answer(ours, customer.email(),
        "Thank you, it arrived this morning.", messageId);
    support.deliver(answerMail);

    ImapPoller.PollResult first = poller.poll();
    ImapPoller.PollResult second = poller.poll();
    // The same e-mail delivered again (a mail server's retry) is taken in no second time.
    support.deliver(MailboxFixture.answer(ours, customer.email(),
        "Thank you, it arrived this morning.", messageId));
    ImapPoller.PollResult third = poller.poll();

    assertThat(first.accepted()).isEqualTo(1);
    assertThat(second.read()).as("handled mail is not read again").isZero();
    assertThat(third.read()).isEqualTo(1);
    assertThat(third.accepted()).isZero();
    assertThat(fromCustomer(c)).hasSize(2).last().satisfies(m -> {
      assertThat(m.body()).isEqualTo("Thank you, it arrived this morning.");
      assertThat(m.via()).isEqualTo("email");
      assertThat(m.emailMessageId()).isEqualTo(messageId);
    });
    assertThat(cases.anyCase(c.id()).orElseThrow().status())
        .as("a customer's answer moves the case back to the agents, as on the web")
        .isEqualTo(CaseStatus.WAITING_ON_AGENT);
    assertThat(MailboxFixture.count("INBOX")).isZero();
    assertThat(MailboxFixture.count(MailboxFixture.PROCESSED)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aForgedSenderOrAMailWithoutACaseChangesNothing() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    String answer = "Please confirm " + UUID.randomUUID();
    SupportCase c = answeredCase(customer, agent, answer);
    MimeMessage ours = ourReply(customer, answer);
    String forgedId = "<forged-" + UUID.randomUUID() + "@evil.test>";
    String strayId = "<stray-" + UUID.randomUUID() + "@example.com>";
    String autoId = "<auto-" + UUID.randomUUID() + "@example.com>";

    support.deliver(MailboxFixture.answer(ours, "attacker@evil.test",
        "Please send the refund to my other account.", forgedId));
    MimeMessage stray = MailboxFixture.answer(ours, customer.email(), "Hello?", strayId);
    stray.setSubject("A question");
    stray.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@okpay.test");
    stray.saveChanges();
    support.deliver(stray);
    MimeMessage away = MailboxFixture.answer(ours, customer.email(), "I am away.", autoId);
    away.setHeader("Auto-Submitted", "auto-replied");
    away.saveChanges();
    support.deliver(away);

    ImapPoller.PollResult result = poller.poll();

    assertThat(result.accepted()).isZero();
    assertThat(result.ignored()).isEqualTo(3);
    assertThat(fromCustomer(c)).as("only the customer's first message").hasSize(1);
    assertThat(cases.anyCase(c.id()).orElseThrow().status())
        .isEqualTo(CaseStatus.WAITING_ON_CUSTOMER);
    assertThat(outcome(forgedId)).isEqualTo("wrong_sender");
    assertThat(outcome(strayId)).isEqualTo("no_case");
    assertThat(outcome(autoId)).isEqualTo("auto_reply");
    assertThat(MailboxFixture.count("INBOX")).as("ignored mail is handled too").isZero();
  }

  @Test
  void anAnswerToAClosedCaseOpensItsRepeat() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    String answer = "Closing " + UUID.randomUUID();
    SupportCase c = answeredCase(customer, agent, answer);
    MimeMessage ours = ourReply(customer, answer);
    cases.close(c.id(), agent.id(), "answered");
    String messageId = "<late-" + UUID.randomUUID() + "@example.com>";

    support.deliver(MailboxFixture.answer(ours, customer.email(), "It happened again.",
        messageId));
    poller.poll();
    support.deliver(MailboxFixture.answer(ours, customer.email(), "It happened again.",
        messageId));
    poller.poll();

    List<UUID> repeats = jdbc.sql("select id from support.cases where repeat_of = :id")
        .param("id", c.id()).query(UUID.class).list();
    assertThat(repeats).as("one new case, however often the mail comes").hasSize(1);
    assertThat(cases.thread(repeats.getFirst(), false)).extracting(CaseMessage::body)
        .containsExactly("It happened again.");
    assertThat(cases.anyCase(c.id()).orElseThrow().status()).isEqualTo(CaseStatus.CLOSED);
  }

  private String outcome(String messageId) {
    return jdbc.sql("select outcome from support.inbound_mails where message_id = :m")
        .param("m", messageId).query(String.class).single();
  }
}
