package org.okpay.identity.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Identity's lines in the audit log, one call each, appended in the caller's transaction (so
 * as the last write of it: the append holds the identity chain's lock until the commit). Never
 * passwords, codes, tokens or secrets in the details.
 */
@Component
class IdentityAudit {

  private final AuditApi audit;

  IdentityAudit(AuditApi audit) {
    this.audit = audit;
  }

  /** Something the user did to their own account. */
  void byUser(String verb, UUID userId, String... details) {
    audit.append(new AuditEvent("identity." + verb, "user", userId.toString(), "user",
        userId.toString(), null, map(details)));
  }

  /** Something that happened to the user without anyone acting (a lock after failures). */
  void bySystem(String verb, UUID userId, String... details) {
    audit.append(AuditEvent.system("identity." + verb, "user",
        userId == null ? null : userId.toString(), map(details)));
  }

  /** A failed sign-in with an address that has no account: the subject is the typed address. */
  void unknownAddress(String verb, String address, String... details) {
    audit.append(new AuditEvent("identity." + verb, "anonymous", null, "email", address, null,
        map(details)));
  }

  /**
   * Something staff did to a user: the actor is the signed-in admin or agent, or the operator
   * token (actor type {@code operator}, no id).
   */
  void byStaff(String verb, UUID userId, String... details) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    String actorType = "operator";
    String actorId = null;
    if (auth != null && auth.getPrincipal() instanceof CurrentUser staff) {
      actorType = staff.role() == Role.ADMIN ? "admin"
          : staff.role() == Role.AGENT ? "agent" : "user";
      actorId = staff.userId().toString();
    }
    audit.append(new AuditEvent("identity." + verb, actorType, actorId, "user",
        userId.toString(), null, map(details)));
  }

  /** Pairs of key, value; a null value is left out. */
  private static Map<String, String> map(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("details come in key, value pairs");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        map.put(pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }
}
