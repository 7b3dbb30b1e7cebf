package org.okpay.support.internal.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.internal.cases.CaseRow.CaseState;
import org.okpay.support.internal.cases.CaseRules.Move;

/** The state machine and its clocks on plain values: due times, pauses, warnings, reopen. */
class CaseRulesTest {

  static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");
  final SlaPolicy policy = SlaPolicy.defaults();

  CaseState opened(CasePriority p) {
    return CaseRules.opened(p, policy.of(p), T0);
  }

  @Test
  void dueTimesFollowThePriority() {
    for (Object[] row : new Object[][] {
        {CasePriority.URGENT, Duration.ofHours(1), Duration.ofHours(24)},
        {CasePriority.HIGH, Duration.ofHours(4), Duration.ofHours(48)},
        {CasePriority.NORMAL, Duration.ofHours(24), Duration.ofDays(5)}}) {
      CaseState s = opened((CasePriority) row[0]);
      assertThat(s.firstReplyDueAt).isEqualTo(T0.plus((Duration) row[1]));
      assertThat(s.resolveDueAt).isEqualTo(T0.plus((Duration) row[2]));
      assertThat(s.replyWarnAt).isEqualTo(T0.plus(((Duration) row[1]).multipliedBy(8)
          .dividedBy(10)));
      assertThat(s.resolveWarnAt).isEqualTo(T0.plus(((Duration) row[2]).multipliedBy(8)
          .dividedBy(10)));
    }
  }

  @Test
  void warningAt80PercentAndBreachAt100PercentOfTheReplyTarget() {
    CaseState s = opened(CasePriority.HIGH);
    assertThat(CaseRules.slaState(s, T0.plus(Duration.ofMinutes(191)))).isEqualTo("ok");
    assertThat(CaseRules.slaState(s, T0.plus(Duration.ofMinutes(192)))).isEqualTo("warning");
    assertThat(CaseRules.slaState(s, T0.plus(Duration.ofMinutes(239)))).isEqualTo("warning");
    assertThat(CaseRules.slaState(s, T0.plus(Duration.ofHours(4)))).isEqualTo("breached");
  }

  @Test
  void aPauseWhileWaitingOnTheCustomerShiftsEveryRunningTarget() {
    CaseState s = opened(CasePriority.NORMAL);
    Instant pausedAt = T0.plus(Duration.ofHours(2));
    assertThat(CaseRules.changeStatus(s, CaseStatus.WAITING_ON_CUSTOMER, false, pausedAt))
        .isEqualTo(Move.OK);
    assertThat(s.pausedSince).isEqualTo(pausedAt);
    // Paused: no breach however long the customer takes.
    assertThat(CaseRules.slaState(s, T0.plus(Duration.ofDays(30)))).isEqualTo("ok");

    Duration pause = Duration.ofHours(30);
    assertThat(CaseRules.customerMessage(s, policy.of(s.priority), pausedAt.plus(pause)))
        .isEqualTo(Move.OK);

    assertThat(s.status).isEqualTo(CaseStatus.WAITING_ON_AGENT);
    assertThat(s.pausedSince).isNull();
    assertThat(s.pausedTotalMs).isEqualTo(pause.toMillis());
    assertThat(s.firstReplyDueAt).isEqualTo(T0.plus(Duration.ofHours(24)).plus(pause));
    assertThat(s.resolveDueAt).isEqualTo(T0.plus(Duration.ofDays(5)).plus(pause));
    assertThat(s.replyWarnAt).isEqualTo(T0.plus(Duration.ofMinutes(1152)).plus(pause));
  }

  @Test
  void afterTheFirstReplyACustomerMessageStartsTheNextReplyTarget() {
    CaseState s = opened(CasePriority.URGENT);
    Instant replied = T0.plus(Duration.ofMinutes(20));
    assertThat(CaseRules.agentReply(s, null, replied)).isEqualTo(Move.OK);
    assertThat(s.firstRepliedAt).isEqualTo(replied);
    assertThat(s.replyDueAt()).isNull();
    assertThat(s.status).isEqualTo(CaseStatus.WAITING_ON_CUSTOMER);

    Instant wrote = replied.plus(Duration.ofMinutes(90));
    CaseRules.customerMessage(s, policy.of(s.priority), wrote);

    assertThat(s.nextReplyDueAt).isEqualTo(wrote.plus(Duration.ofHours(1)));
    assertThat(s.replyDueAt()).isEqualTo(s.nextReplyDueAt);
    // The resolution target moved by the 90 minutes the customer kept us waiting.
    assertThat(s.resolveDueAt).isEqualTo(T0.plus(Duration.ofHours(24)).plusSeconds(90 * 60));
  }

  @Test
  void aReplyLowersAWarningButOnlyTheJobRaisesIt() {
    CaseState s = opened(CasePriority.URGENT);
    s.slaState = "warning";
    CaseRules.agentReply(s, CaseStatus.WAITING_ON_AGENT, T0.plus(Duration.ofMinutes(50)));
    assertThat(s.slaState).isEqualTo("ok");

    CaseState late = opened(CasePriority.URGENT);
    CaseRules.changeStatus(late, CaseStatus.WAITING_ON_AGENT, false, T0.plus(Duration.ofHours(2)));
    assertThat(late.slaState).as("a move never raises it").isEqualTo("ok");
  }

  @Test
  void reopenWithinSevenDaysOnlyAndClosedIsFinal() {
    CaseState s = opened(CasePriority.NORMAL);
    Instant resolved = T0.plus(Duration.ofHours(5));
    assertThat(CaseRules.changeStatus(s, CaseStatus.RESOLVED, false, resolved))
        .isEqualTo(Move.OK);
    assertThat(CaseRules.reopen(s.copy(), policy.of(s.priority),
        resolved.plus(Duration.ofDays(7)))).isEqualTo(Move.REOPEN_WINDOW_PASSED);
    Instant back = resolved.plus(Duration.ofDays(6));
    assertThat(CaseRules.reopen(s, policy.of(s.priority), back)).isEqualTo(Move.OK);
    assertThat(s.reopenCount).isEqualTo(1);
    assertThat(s.resolveDueAt).isEqualTo(back.plus(Duration.ofDays(5)));

    CaseRules.changeStatus(s, CaseStatus.CLOSED, true, back.plusSeconds(1));
    assertThat(CaseRules.reopen(s, policy.of(s.priority), back.plusSeconds(2)))
        .isEqualTo(Move.CLOSED);
    assertThat(CaseRules.customerMessage(s, policy.of(s.priority), back.plusSeconds(2)))
        .isEqualTo(Move.CLOSED);
    assertThat(CaseRules.changeStatus(s, CaseStatus.OPEN, false, back.plusSeconds(3)))
        .isEqualTo(Move.CLOSED);
  }

  @Test
  void aCustomerMayOnlyCloseAndRatesOnceAfterTheEnd() {
    CaseState s = opened(CasePriority.NORMAL);
    assertThat(CaseRules.changeStatus(s, CaseStatus.RESOLVED, true, T0)).isEqualTo(
        Move.NOT_ALLOWED);
    assertThat(CaseRules.rate(s, 5, null, T0)).isEqualTo(Move.NOT_RATEABLE);
    CaseRules.changeStatus(s, CaseStatus.CLOSED, true, T0.plusSeconds(1));
    assertThat(CaseRules.rate(s, 4, "ok", T0.plusSeconds(2))).isEqualTo(Move.OK);
    assertThat(CaseRules.rate(s, 5, null, T0.plusSeconds(3))).isEqualTo(Move.ALREADY_RATED);
    assertThat(s.rating).isEqualTo(4);
  }

  @Test
  void aHigherPriorityMovesTheTargetsToItsOwn() {
    CaseState s = opened(CasePriority.NORMAL);
    CaseRules.changePriority(s, policy, CasePriority.URGENT, T0.plusSeconds(60));
    assertThat(s.firstReplyDueAt).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(s.resolveDueAt).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(s.replyWarnAt).isEqualTo(T0.plus(Duration.ofMinutes(48)));
  }

  @Test
  void referencesLookLikeTheirFormat() {
    assertThat(CaseRules.reference(T0)).matches("C-20261207-[2-9A-HJ-NP-Z]{4}");
  }
}
