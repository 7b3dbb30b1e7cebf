package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.FindingKind;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsAdminApi.ReconciliationRun;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.okpay.payments.TransactionState;
import org.okpay.shared.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The janitor: asks the rail about every transaction left open (processing, on hold in the
 * ledger, or interrupted before the rail) and about recent payouts (which a bank may still
 * return), then settles them through the same {@link Mover} steps a request uses. What it cannot
 * explain (an amount that differs, an operation the rail never heard of, a ledger that refuses)
 * becomes a finding for an agent: it never "fixes" a mismatch by itself.
 */
@Component
class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /** Payouts past their return watch taken off the work list per run. */
  static final int WATCH_ENDS_MAX = 5_000;

  private final JdbcClient jdbc;
  private final TransactionStore store;
  private final Mover mover;
  private final PaymentRail rail;
  private final Findings findings;
  private final OperationTypes types;
  private final PaymentsProperties properties;
  private final Duration returnCheckInterval;
  private final Clock clock;

  Reconciler(JdbcClient jdbc, TransactionStore store, Mover mover, PaymentRail rail,
      Findings findings, OperationTypes types, PaymentsProperties properties,
      @Value("${okpay.payments.return-check-interval:10m}") Duration returnCheckInterval,
      Clock clock) {
    this.jdbc = jdbc;
    this.store = store;
    this.mover = mover;
    this.rail = rail;
    this.findings = findings;
    this.types = types;
    this.properties = properties;
    this.returnCheckInterval = returnCheckInterval;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${okpay.payments.reconcile-interval}",
      fixedDelayString = "${okpay.payments.reconcile-interval}")
  @SchedulerLock(name = "payments.reconcile", lockAtMostFor = "PT15M")
  void scheduled() {
    try {
      run();
    } catch (RuntimeException e) {
      log.warn("reconciliation run failed; the next run tries again", e);
    }
  }

  /** One run over at most {@code reconcileBatchMax} transactions; returns its record. */
  ReconciliationRun run() {
    Instant now = clock.instant();
    long runId = findings.startRun(now);
    int settled = 0;
    int found = 0;
    List<UUID> ids = candidates(now);
    for (UUID id : ids) {
      PaymentTransaction t = store.byId(id).orElseThrow();
      // A rail that does not answer ends the run (the next one asks again); a transaction that
      // cannot be settled becomes a finding, so it cannot stop the others behind it.
      RailOutcome said = rail.status(t.id().toString());
      Outcome outcome = settleOrRecord(runId, t, said);
      asked(id);
      settled += outcome == Outcome.SETTLED ? 1 : 0;
      found += outcome == Outcome.FINDING ? 1 : 0;
    }
    return findings.finishRun(runId, ids.size(), settled, found, clock.instant());
  }

  /**
   * The open transactions asked about longest ago first (so a long queue rotates instead of
   * starving its newest), then, with what is left of the batch, completed payouts of the last
   * {@code returnWatch} not asked about for {@code returnCheckInterval} (a bank may still send
   * the money back). Both lists are read from payments.work_list (V50), which holds only
   * returnable payouts among the completed ones; payouts past the watch leave it first.
   */
  private List<UUID> candidates(Instant now) {
    OffsetDateTime watchSince = TransactionStore.ts(now.minus(properties.returnWatch()));
    endReturnWatch(watchSince);
    List<UUID> ids = new ArrayList<>(jdbc.sql("""
        select transaction_id from payments.work_list
         where state in ('pending', 'processing')
            or (state = 'created' and updated_at < :stale)
         order by reconciled_at nulls first, updated_at limit :limit
        """).param("stale", TransactionStore.ts(now.minus(properties.staleAfter())))
        .param("limit", properties.reconcileBatchMax()).query(UUID.class).list());
    int left = properties.reconcileBatchMax() - ids.size();
    if (left > 0) {
      ids.addAll(jdbc.sql("""
          select transaction_id from payments.work_list
           where state = 'completed' and updated_at > :watch
             and (reconciled_at is null or reconciled_at < :checkedBefore)
           order by reconciled_at nulls first limit :limit
          """).param("watch", watchSince)
          .param("checkedBefore", TransactionStore.ts(now.minus(returnCheckInterval)))
          .param("limit", left).query(UUID.class).list());
    }
    return ids;
  }

  /**
   * Completed payouts whose watch is over leave the work list, at most
   * {@link #WATCH_ENDS_MAX} a run: they are never asked about again, and left there they would
   * sort first (asked about longest ago) in front of the watched ones.
   */
  private void endReturnWatch(OffsetDateTime watchSince) {
    jdbc.sql("""
        delete from payments.work_list
         where transaction_id in (select transaction_id from payments.work_list
                                   where state = 'completed' and updated_at <= :watch
                                   order by updated_at limit :limit)
           and state = 'completed'
        """).param("watch", watchSince).param("limit", WATCH_ENDS_MAX).update();
  }

  private void asked(UUID id) {
    jdbc.sql("update payments.work_list set reconciled_at = :now where transaction_id = :id")
        .param("id", id).param("now", TransactionStore.ts(clock.instant())).update();
  }

  enum Outcome { UNCHANGED, SETTLED, FINDING }

  private Outcome settleOrRecord(long runId, PaymentTransaction t, RailOutcome said) {
    try {
      return settle(runId, t, said);
    } catch (RuntimeException e) {
      log.warn("reconciliation: settling {} failed; recorded as a finding", t.id(), e);
      return finding(runId, t, said, FindingKind.SETTLE_FAILED, abbreviate(
          "settling it failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  Outcome settle(long runId, PaymentTransaction t, RailOutcome said) {
    return switch (t.state()) {
      case CREATED, PENDING -> notSentYet(runId, t, said);
      case PROCESSING -> processing(runId, t, said);
      case COMPLETED -> completed(runId, t, said);
      default -> Outcome.UNCHANGED;
    };
  }

  /** Interrupted before or while calling the rail. */
  private Outcome notSentYet(long runId, PaymentTransaction t, RailOutcome said) {
    if (t.rail() == null) {
      return mover.settleInternal(t) ? Outcome.SETTLED : finding(runId, t, said,
          FindingKind.NOT_COMPLETED, "an internal payment was left open and the ledger refused "
              + "its completing transfers");
    }
    if (said.state() == RailState.NOT_FOUND) {
      mover.interrupt(t);
      return Outcome.SETTLED;
    }
    return processing(runId, t, said);
  }

  private Outcome processing(long runId, PaymentTransaction t, RailOutcome said) {
    switch (said.state()) {
      case NOT_FOUND:
        return finding(runId, t, said, FindingKind.MISSING_AT_RAIL,
            "the rail has no operation for this transaction");
      case PROCESSING, UNKNOWN:
        mover.apply(t, said);
        return Outcome.UNCHANGED;
      case DECLINED:
        mover.apply(t, said);
        return Outcome.SETTLED;
      case COMPLETED, RETURNED:
        Money expected = types.of(t.operation()).railConfirms(t);
        if (!amountMatches(expected, said)) {
          return finding(runId, t, said, FindingKind.AMOUNT_MISMATCH, "the rail moved "
              + said.amountMinor() + " " + said.currency() + ", the ledger expects "
              + expected.amountMinor() + " " + expected.currency());
        }
        if (!mover.complete(t)) {
          return finding(runId, t, said, FindingKind.LEDGER_REJECTED,
              "the rail completed it but the ledger refused the completing transfers");
        }
        if (said.state() == RailState.RETURNED) {
          mover.giveBack(t.withState(TransactionState.COMPLETED));
        }
        return Outcome.SETTLED;
      default:
        return Outcome.UNCHANGED;
    }
  }

  private Outcome completed(long runId, PaymentTransaction t, RailOutcome said) {
    return switch (said.state()) {
      case RETURNED -> mover.giveBack(t) ? Outcome.SETTLED
          : finding(runId, t, said, FindingKind.LEDGER_REJECTED,
              "the ledger refused the return");
      case DECLINED, NOT_FOUND -> finding(runId, t, said, FindingKind.STATE_CONFLICT,
          "completed in OKPay, but the rail says " + said.state().name().toLowerCase());
      default -> Outcome.UNCHANGED;
    };
  }

  private Outcome finding(long runId, PaymentTransaction t, RailOutcome said, FindingKind kind,
      String detail) {
    findings.record(runId, t.id(), kind, t.state().key(),
        said.state().name().toLowerCase(java.util.Locale.ROOT), detail, clock.instant());
    return Outcome.FINDING;
  }

  private static String abbreviate(String detail) {
    return detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
  }

  private static boolean amountMatches(Money expected, RailOutcome said) {
    return said.amountMinor() == expected.amountMinor()
        && expected.currency().equals(said.currency());
  }
}
