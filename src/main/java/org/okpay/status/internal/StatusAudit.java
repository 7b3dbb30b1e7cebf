package org.okpay.status.internal;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.shared.StaffRole;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The status page's configuration changes in the audit log (incidents, their updates,
 * maintenance windows), appended in the caller's transaction. The actor is the signed-in staff
 * member (type from their role) or the operator token ({@code operator}).
 */
@Component
class StatusAudit {

  private final AuditApi audit;

  StatusAudit(AuditApi audit) {
    this.audit = audit;
  }

  void byStaff(String verb, String subjectType, Object subjectId, String... details) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    String actorType = "operator";
    String actorId = null;
    if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
      actorType = auth.getAuthorities().stream()
          .anyMatch(a -> StaffRole.ADMIN.authority().equals(a.getAuthority())) ? "admin"
          : auth.getAuthorities().stream()
              .anyMatch(a -> StaffRole.AGENT.authority().equals(a.getAuthority())) ? "agent"
              : "user";
      actorId = userId(auth.getPrincipal());
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < details.length; i += 2) {
      if (details[i + 1] != null) {
        map.put(details[i], details[i + 1]);
      }
    }
    audit.append(new AuditEvent("status." + verb, actorType, actorId, subjectType,
        subjectId == null ? null : subjectId.toString(), null, map));
  }

  /**
   * The signed-in user's id: identity's principal is a record with a {@code userId} component.
   * Read by its accessor because status may not depend on identity (identity depends on status).
   */
  private static String userId(Object principal) {
    if (principal != null && principal.getClass().isRecord()) {
      for (RecordComponent c : principal.getClass().getRecordComponents()) {
        if (c.getName().equals("userId")) {
          try {
            Object id = c.getAccessor().invoke(principal);
            return id == null ? null : id.toString();
          } catch (ReflectiveOperationException e) {
            return null;
          }
        }
      }
    }
    return null;
  }
}
