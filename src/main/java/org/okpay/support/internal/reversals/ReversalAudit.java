package org.okpay.support.internal.reversals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.springframework.stereotype.Component;

/**
 * Every step of a reversal in the audit log, in the caller's transaction (the step and its
 * entry commit together): subject the reversed transaction, details the request, amount and
 * status.
 */
@Component
class ReversalAudit {

  private final AuditApi audit;

  ReversalAudit(AuditApi audit) {
    this.audit = audit;
  }

  void staff(String action, CurrentUser staff, ReversalStore.Row row, String reason) {
    audit.append(new AuditEvent(action, staff.role() == Role.ADMIN ? "admin" : "agent",
        staff.userId().toString(), "transaction", row.view().transactionId().toString(), reason,
        details(row)));
  }

  void system(String action, ReversalStore.Row row) {
    audit.append(AuditEvent.system(action, "transaction",
        row.view().transactionId().toString(), details(row)));
  }

  private static Map<String, String> details(ReversalStore.Row row) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("reversalId", row.id().toString());
    details.put("amountMinor", Long.toString(row.view().amount().amountMinor()));
    details.put("currency", row.view().amount().currency().getCurrencyCode());
    details.put("status", row.status().key());
    details.put("secondApprovalRequired", Boolean.toString(row.view().secondApprovalRequired()));
    if (row.view().reversalTransactionId() != null) {
      details.put("reversalTransactionId", row.view().reversalTransactionId().toString());
    }
    if (row.view().failureCode() != null) {
      details.put("failureCode", row.view().failureCode());
    }
    return details;
  }
}
