package org.okpay.support.internal.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.internal.cases.CaseRow.CaseState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches the SLA clocks: a running case whose reply or resolution target is 80 % used turns
 * {@code warning}, at 100 % {@code breached} and is escalated once (priority one step up where
 * there is one, a case event, the audit log, an in-app notice to its agent). Resolved cases
 * close 7 days after resolution. Runs on every instance; each batch claims its cases with
 * {@code FOR UPDATE SKIP LOCKED}, so two instances never handle the same case at once.
 *
 * <p>Escalation raises the priority but keeps the promised times: the customer was told an
 * answer-by time and it does not jump; the higher priority moves the case up the queue.
 */
@Component
class SlaJob {

  private static final Logger log = LoggerFactory.getLogger(SlaJob.class);
  static final int BATCH = 200;
  static final int BATCHES_MAX = 50;

  private final CaseStore cases;
  private final CaseNotices notices;
  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final AuditApi audit;
  private final TransactionTemplate tx;
  private final Clock clock;

  SlaJob(CaseStore cases, CaseNotices notices, NotifyApi notify, IdentityApi identity,
      MessageSource messages, AuditApi audit, TransactionTemplate tx, Clock clock) {
    this.cases = cases;
    this.notices = notices;
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.audit = audit;
    this.tx = tx;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${okpay.support.sla-scan-interval:PT1M}",
      fixedDelayString = "${okpay.support.sla-scan-interval:PT1M}")
  @SchedulerLock(name = "support.SlaJob.scheduled", lockAtMostFor = "PT10M")
  void scheduled() {
    try {
      scan(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    } catch (RuntimeException e) {
      log.warn("SLA scan failed; the next run tries again", e);
    }
  }

  /** One pass at {@code now}; answers how many cases moved (SLA state or auto-close). */
  int scan(Instant now) {
    int moved = 0;
    for (int batch = 0; batch < BATCHES_MAX; batch++) {
      Integer n = tx.execute(s -> {
        List<UUID> due = cases.claimSlaDue(now, BATCH);
        due.forEach(id -> rise(id, now));
        return due.size();
      });
      moved += n;
      if (n < BATCH) {
        break;
      }
    }
    for (int batch = 0; batch < BATCHES_MAX; batch++) {
      Integer n = tx.execute(s -> {
        List<UUID> old = cases.claimResolvedBefore(now.minus(CaseRules.REOPEN_WITHIN), BATCH);
        old.forEach(id -> autoClose(id, now));
        return old.size();
      });
      moved += n;
      if (n < BATCH) {
        break;
      }
    }
    return moved;
  }

  /** The case is locked by the claim; its state only rises here. */
  private void rise(UUID id, Instant now) {
    CaseRow row = cases.byId(id).orElseThrow();
    CaseState next = row.state().copy();
    String was = next.slaState;
    String is = CaseRules.slaState(next, now);
    if (CaseRules.severity(is) <= CaseRules.severity(was)) {
      return;
    }
    next.slaState = is;
    cases.event(id, CaseRules.BREACHED.equals(is) ? "sla_breached" : "sla_warning", "system",
        null, was, is, now);
    if (CaseRules.BREACHED.equals(is)) {
      escalate(row, next, now);
    }
    cases.save(id, next);
  }

  private void escalate(CaseRow row, CaseState next, Instant now) {
    CasePriority from = next.priority;
    CasePriority to = CaseRules.higher(from);
    next.escalatedAt = now;
    if (to != from) {
      next.priority = to;
      cases.event(row.id(), "escalated", "system", null, from.code(), to.code(), now);
    }
    audit.append(AuditEvent.system("support.case_escalated", "case", row.id().toString(),
        Map.of("reference", row.reference(), "from", from.code(), "to", to.code())));
    if (next.assigneeId != null) {
      UUID agent = next.assigneeId;
      Locale locale = identity.contact(agent).map(c -> Locale.forLanguageTag(c.language()))
          .orElse(Locale.ENGLISH);
      String text = messages.getMessage("support.case.notice.breached",
          new Object[] {row.reference(), row.subject()}, locale);
      notify.inApp(new InAppRequest(agent.toString(), locale, InAppTemplate.SUPPORT_UPDATE,
          Map.of("message", text), "/admin/support/cases/" + row.id(),
          "support:" + row.id() + ":breach:" + now.toEpochMilli()));
    }
  }

  private void autoClose(UUID id, Instant now) {
    CaseRow row = cases.byId(id).orElseThrow();
    CaseState next = row.state().copy();
    if (CaseRules.changeStatus(next, CaseStatus.CLOSED, false, now) != CaseRules.Move.OK) {
      return;
    }
    cases.save(id, next);
    cases.event(id, "status", "system", null, CaseStatus.RESOLVED.code(),
        CaseStatus.CLOSED.code(), now);
    notices.statusChanged(CaseService.withState(row, next), CaseStatus.CLOSED, now);
  }
}
