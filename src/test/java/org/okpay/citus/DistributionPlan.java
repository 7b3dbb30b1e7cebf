package org.okpay.citus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where every table goes on Citus: the single source of truth that docs/scaling.md describes and
 * {@link CitusReadinessTest} holds the migrated schema to. A migration that adds a table must
 * add it here, or that test fails naming it.
 */
final class DistributionPlan {

  /** How a table is placed on a Citus cluster. */
  sealed interface Placement permits Distributed, Reference, SchemaSharded, Coordinator {
  }

  /**
   * Rows spread over the workers by {@code column}; tables of one {@code group} are co-located
   * (the same column value lands on the same node). {@code atMove} names the unique indexes that
   * may lack the column today because they are rebuilt on the day of the move (docs/scaling.md
   * says why each waits), and {@code gaps} the rule breaks of a table whose changes are planned
   * but not made yet: both must match exactly, so a fixed gap has to be struck from the plan.
   */
  record Distributed(String column, String group, Set<String> atMove, Set<String> gaps)
      implements Placement {
  }

  /** A small table copied to every node, so any shard can join or reference it locally. */
  record Reference() implements Placement {
  }

  /** Citus 12 schema-based sharding: the whole schema lives on one node, moved as a unit. */
  record SchemaSharded() implements Placement {
  }

  /** Stays a plain table on the coordinator (migration history, framework bookkeeping). */
  record Coordinator() implements Placement {
  }

  static Distributed distributed(String column, String group) {
    return new Distributed(column, group, Set.of(), Set.of());
  }

  static final Map<String, Placement> TABLES = plan();

  private static Map<String, Placement> plan() {
    Map<String, Placement> p = new LinkedHashMap<>();
    // The ledger, by the owner's bucket (V42): made ready now.
    p.put("ledger.accounts", distributed("shard_key", "ledger"));
    p.put("ledger.transfers", new Distributed("shard_key", "ledger",
        Set.of("unique transfers_pkey lacks shard_key"), Set.of()));
    p.put("ledger.pending_timeouts", distributed("shard_key", "ledger"));

    // Payments, by the paying user: planned, not made yet (the request path is being reworked;
    // docs/scaling.md lists the changes).
    p.put("payments.transactions", pending("user_id", "unique transactions_pkey lacks user_id"));
    p.put("payments.transaction_steps", pending("user_id", "column user_id missing",
        "unique transaction_steps_pkey lacks user_id",
        "fk transaction_steps_transaction_id_fkey to payments.transactions not on user_id"));
    p.put("payments.work_list", pending("user_id", "column user_id missing",
        "unique work_list_pkey lacks user_id",
        "fk work_list_transaction_id_fkey to payments.transactions not on user_id"));
    // Running limit totals (V51): keyed by the user already, nothing to change.
    p.put("payments.limit_usage", pending("user_id"));
    p.put("payments.complaints", pending("user_id", "unique complaints_pkey lacks user_id",
        "fk complaints_transaction_id_fkey to payments.transactions not on user_id"));
    p.put("payments.cards", pending("user_id", "unique cards_pkey lacks user_id"));
    p.put("payments.bank_accounts", pending("user_id", "unique bank_accounts_pkey lacks user_id"));
    p.put("payments.fx_quotes", pending("user_id", "unique fx_quotes_pkey lacks user_id"));
    p.put("payments.reconciliation_findings", pending("user_id", "column user_id missing",
        "unique reconciliation_findings_pkey lacks user_id",
        "unique reconciliation_findings_open lacks user_id",
        "fk reconciliation_findings_transaction_id_fkey to payments.transactions not on user_id"));
    p.put("payments.reconciliation_runs", new Reference());
    p.put("payments.fx_rate_tables", new Reference());
    p.put("payments.fx_rate_table_rows", new Reference());

    // Modules whose load is per user or per merchant but small: one schema per node at first.
    for (String t : new String[] {"users", "sessions", "email_tokens", "login_attempts",
        "two_factor", "recovery_codes", "sign_in_challenges", "freeze_links", "phone_codes",
        "anti_phishing_phrases", "support_checklists", "unknown_address_lockouts"}) {
      p.put("identity." + t, new SchemaSharded());
    }
    for (String t : new String[] {"outbox", "notifications", "mailbox"}) {
      p.put("notify." + t, new SchemaSharded());
    }
    for (String t : new String[] {"merchants", "api_keys", "checkout_sessions", "invites",
        "payments", "payouts", "ratings", "refund_requests", "refunds", "staff",
        "webhook_endpoints", "webhook_deliveries", "webhook_attempts"}) {
      p.put("merchants." + t, new SchemaSharded());
    }
    for (String t : new String[] {"cases", "case_messages", "case_events", "case_attachments",
        "callbacks", "canned_replies", "inbound_mails", "disputes", "dispute_evidence",
        "dispute_files", "dispute_messages", "dispute_steps", "dispute_job_lease",
        "reversal_requests"}) {
      p.put("support." + t, new SchemaSharded());
    }
    for (String t : new String[] {"events", "chain_heads", "checkpoints"}) {
      p.put("audit." + t, new SchemaSharded());
    }
    for (String t : new String[] {"incidents", "incident_updates", "maintenance_windows",
        "subscriptions"}) {
      p.put("status." + t, new SchemaSharded());
    }
    for (String t : new String[] {"shedlock", "rate_windows", "rail_calls"}) {
      p.put("shared." + t, new SchemaSharded());
    }
    for (String t : new String[] {"clock", "cards", "operations"}) {
      p.put("sandbox." + t, new SchemaSharded());
    }
    p.put("web.form_drafts", new SchemaSharded());
    p.put("public.flyway_schema_history", new Coordinator());
    p.put("public.event_publication", new Coordinator());
    return Map.copyOf(p);
  }

  private static Distributed pending(String column, String... gaps) {
    return new Distributed(column, "user", Set.of(), Set.of(gaps));
  }

  private DistributionPlan() {
  }
}
