package org.okpay.audit;

import java.util.Map;
import java.util.Objects;

/**
 * One action to append to the audit log.
 *
 * @param action what happened, {@code module.verb} in snake case, e.g. {@code identity.sign_in},
 *     {@code identity.locked}, {@code support.unfreeze}, {@code payments.reversal_approved}
 * @param actorType who did it: {@code user}, {@code agent}, {@code admin}, {@code merchant_key},
 *     {@code system}
 * @param actorId the actor's id (user id, key prefix), null for the system
 * @param subjectType what it was done to, e.g. {@code user}, {@code transaction}, {@code case},
 *     {@code dispute}, {@code refund}; null when nothing in particular
 * @param subjectId that thing's id, null with a null subject type
 * @param reason why, in the actor's words (agent actions must give one); null when none
 * @param details further facts as short strings (amounts in minor units, codes, ips); never
 *     secrets, passwords, full card numbers or tokens
 */
public record AuditEvent(String action, String actorType, String actorId, String subjectType,
    String subjectId, String reason, Map<String, String> details) {

  public AuditEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorType, "actorType");
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** An action by the system (a job, a listener), on a subject, without a reason. */
  public static AuditEvent system(String action, String subjectType, String subjectId,
      Map<String, String> details) {
    return new AuditEvent(action, "system", null, subjectType, subjectId, null, details);
  }
}
