package org.okpay.payments.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.FindingKind;
import org.okpay.payments.PaymentsAdminApi;
import org.okpay.payments.PaymentsAdminApi.Finding;
import org.okpay.payments.PaymentsAdminApi.ReconciliationRun;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reconciliation runs and findings, for admins to see and agents to resolve. */
@Component
class Findings {

  static final int LIST_MAX = PaymentsAdminApi.LIST_MAX;

  private static final String RUN_COLUMNS =
      "id, started_at, finished_at, checked, settled, findings";
  private static final String FINDING_COLUMNS = """
      id, run_id, transaction_id, kind, ledger_state, rail_state, detail, created_at,
      resolved_at, resolved_by, resolution""";

  private final JdbcClient jdbc;

  Findings(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long startRun(Instant now) {
    return jdbc.sql("""
        insert into payments.reconciliation_runs (started_at) values (:now) returning id
        """)
        .param("now", TransactionStore.ts(now)).query(Long.class).single();
  }

  ReconciliationRun finishRun(long id, int checked, int settled, int findings, Instant now) {
    jdbc.sql("""
        update payments.reconciliation_runs
           set finished_at = :now, checked = :checked, settled = :settled, findings = :findings
         where id = :id
        """).param("id", id).param("now", TransactionStore.ts(now)).param("checked", checked)
        .param("settled", settled).param("findings", findings).update();
    // This run's own row: another instance may have started a newer run meanwhile.
    return jdbc.sql("select " + RUN_COLUMNS + " from payments.reconciliation_runs where id = :id")
        .param("id", id).query(Findings::run).single();
  }

  /** One open finding per transaction and kind: a run that sees it again adds nothing. */
  void record(long runId, UUID transactionId, FindingKind kind, String ledgerState,
      String railState, String detail, Instant now) {
    jdbc.sql("""
        insert into payments.reconciliation_findings
          (run_id, transaction_id, kind, ledger_state, rail_state, detail, created_at)
        values (:run, :tx, :kind, :ledger, :rail, :detail, :now)
        on conflict (transaction_id, kind) where resolved_at is null do nothing
        """).param("run", runId).param("tx", transactionId).param("kind", kind.key())
        .param("ledger", ledgerState).param("rail", railState).param("detail", detail)
        .param("now", TransactionStore.ts(now)).update();
  }

  List<ReconciliationRun> runs(int limit) {
    return jdbc.sql("select " + RUN_COLUMNS
            + " from payments.reconciliation_runs order by id desc limit :limit")
        .param("limit", Math.clamp(limit, 1, LIST_MAX)).query(Findings::run).list();
  }

  List<Finding> list(boolean openOnly, int limit) {
    return jdbc.sql("select " + FINDING_COLUMNS + """
         from payments.reconciliation_findings
         where (not :open or resolved_at is null)
         order by id desc limit :limit
        """).param("open", openOnly).param("limit", Math.clamp(limit, 1, LIST_MAX))
        .query(Findings::finding).list();
  }

  /** Marks an open finding resolved and returns it; unknown or resolved already: not found. */
  Finding resolve(long id, String by, String resolution, Instant now) {
    int updated = jdbc.sql("""
        update payments.reconciliation_findings
           set resolved_at = :now, resolved_by = :by, resolution = :resolution
         where id = :id and resolved_at is null
        """).param("id", id).param("by", by).param("resolution", resolution)
        .param("now", TransactionStore.ts(now)).update();
    if (updated == 0) {
      throw new OkPayException(ErrorCode.FINDING_NOT_FOUND);
    }
    return jdbc.sql("select " + FINDING_COLUMNS
            + " from payments.reconciliation_findings where id = :id")
        .param("id", id).query(Findings::finding).single();
  }

  private static ReconciliationRun run(ResultSet rs, int n) throws SQLException {
    return new ReconciliationRun(rs.getLong("id"), TransactionStore.instant(rs, "started_at"),
        TransactionStore.instant(rs, "finished_at"), rs.getInt("checked"), rs.getInt("settled"),
        rs.getInt("findings"));
  }

  private static Finding finding(ResultSet rs, int n) throws SQLException {
    return new Finding(rs.getLong("id"), rs.getLong("run_id"),
        rs.getObject("transaction_id", UUID.class), FindingKind.fromKey(rs.getString("kind")),
        rs.getString("ledger_state"), rs.getString("rail_state"), rs.getString("detail"),
        TransactionStore.instant(rs, "created_at"), TransactionStore.instant(rs, "resolved_at"),
        rs.getString("resolved_by"), rs.getString("resolution"));
  }
}
