package org.okpay.support.internal.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestClock;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.audit.AuditApi;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.NotifyApi;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.NewCase;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SLA clocks against the real database with a clock the test moves: due times, the pause
 * while waiting on the customer and its shift, the 80 % warning, the breach and its one
 * escalation (priority up, case events, audit row).
 */
@OkPayTest
class SlaClockTest {

  @Autowired CaseStore store;
  @Autowired ThreadStore thread;
  @Autowired CaseNotices notices;
  @Autowired CaseLinks links;
  @Autowired NotifyApi notify;
  @Autowired IdentityApi identity;
  @Autowired MessageSource messages;
  @Autowired AuditApi audit;
  @Autowired TransactionTemplate tx;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;

  TestClock clock;
  CaseService cases;
  SlaJob job;

  @BeforeEach
  void setUp() {
    clock = new TestClock(Instant.now().plusSeconds(1)
        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    cases = new CaseService(store, thread, notices, SlaPolicy.defaults(), tx, clock, audit,
        links);
    job = new SlaJob(store, notices, notify, identity, messages, audit, tx, clock);
  }

  SupportCase open(TestUser user, CasePriority priority) {
    return cases.open(new NewCase(user.id(), user.email(), "en", CaseCategory.PAYMENT_FAILED,
        priority, "Payment failed", "It failed twice.", null, "test:" + UUID.randomUUID(),
        "web"));
  }

  @Test
  void warningAt80PercentThenBreachEscalatesOnce() {
    TestUser pat = users.user().create();
    SupportCase c = open(pat, CasePriority.HIGH);
    Instant t0 = c.openedAt();
    assertThat(c.answerBy()).isEqualTo(t0.plus(Duration.ofHours(4)));

    clock.set(t0.plus(Duration.ofMinutes(191)));
    job.scan(clock.instant());
    assertThat(sla(c)).isEqualTo("ok");

    clock.set(t0.plus(Duration.ofMinutes(192)));
    job.scan(clock.instant());
    assertThat(sla(c)).isEqualTo("warning");

    clock.set(t0.plus(Duration.ofHours(4)));
    job.scan(clock.instant());
    job.scan(clock.instant());

    SupportCase now = cases.anyCase(c.id()).orElseThrow();
    assertThat(now.sla()).isEqualTo("breached");
    assertThat(now.priority()).isEqualTo(CasePriority.URGENT);
    // The promise stays what it was: escalation moves the case up the queue, not the time.
    assertThat(now.answerBy()).isEqualTo(t0.plus(Duration.ofHours(4)));
    assertThat(cases.events(c.id())).extracting(CaseEvent::kind)
        .containsExactly("opened", "sla_warning", "sla_breached", "escalated");
    assertThat(jdbc.sql("""
        select count(*) from audit.events where action = 'support.case_escalated'
           and subject_id = :id
        """).param("id", c.id().toString()).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void clocksPauseWhileWaitingOnTheCustomerAndResumeShifted() {
    TestUser pat = users.user().create();
    SupportCase c = open(pat, CasePriority.NORMAL);
    Instant t0 = c.openedAt();
    UUID agent = UUID.randomUUID();

    clock.set(t0.plus(Duration.ofHours(2)));
    cases.changeStatus(c.id(), agent, CaseStatus.WAITING_ON_CUSTOMER, "need the receipt");
    SupportCase paused = cases.anyCase(c.id()).orElseThrow();
    assertThat(paused.answerBy()).as("paused: nothing promised").isNull();
    assertThat(paused.pausedSince()).isEqualTo(clock.instant());

    // Three days of waiting on the customer: nothing warns or breaches meanwhile.
    clock.set(t0.plus(Duration.ofHours(2)).plus(Duration.ofDays(3)));
    job.scan(clock.instant());
    assertThat(sla(c)).isEqualTo("ok");

    cases.customerReply(c.id(), pat.id(), "Here it is.", "web", null);
    SupportCase resumed = cases.anyCase(c.id()).orElseThrow();
    assertThat(resumed.status()).isEqualTo(CaseStatus.WAITING_ON_AGENT);
    assertThat(resumed.pausedSince()).isNull();
    assertThat(resumed.answerBy()).isEqualTo(t0.plus(Duration.ofHours(24))
        .plus(Duration.ofDays(3)));
    assertThat(resumed.resolveBy()).isEqualTo(t0.plus(Duration.ofDays(5)).plus(Duration.ofDays(3)));

    // The first reply meets the reply target; the next customer message starts a new one.
    clock.advance(Duration.ofHours(1));
    cases.agentReply(c.id(), agent, "We found it.", CaseStatus.WAITING_ON_AGENT);
    assertThat(cases.anyCase(c.id()).orElseThrow().answerBy()).isNull();
    clock.advance(Duration.ofMinutes(10));
    Instant wrote = clock.instant();
    cases.customerReply(c.id(), pat.id(), "Thanks, when will it arrive?", "web", null);
    assertThat(cases.anyCase(c.id()).orElseThrow().answerBy())
        .isEqualTo(wrote.plus(Duration.ofHours(24)));
  }

  @Test
  void anEmailIsTakenOncePerMessageId() {
    TestUser pat = users.user().create();
    SupportCase c = open(pat, CasePriority.NORMAL);
    String id = "<" + UUID.randomUUID() + "@mail.example>";

    CaseService.Reply first = cases.customerReply(c.id(), null, "By mail", "email", id);
    CaseService.Reply again = cases.customerReply(c.id(), null, "By mail", "email", id);

    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(cases.thread(c.id(), false)).filteredOn(m -> "email".equals(m.via())).hasSize(1);
  }

  private String sla(SupportCase c) {
    return cases.anyCase(c.id()).orElseThrow().sla();
  }
}
