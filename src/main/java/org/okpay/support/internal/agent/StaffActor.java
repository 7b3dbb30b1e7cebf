package org.okpay.support.internal.agent;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;

/**
 * Who does an agent action: a signed-in agent or admin, or the operator with the operator
 * token (no user: {@code userId} null). The audit log names them by {@link #actorType()} and id.
 */
record StaffActor(UUID userId, Role role, String name, String email, ZoneId zone,
    String language) {

  static StaffActor of(IdentityApi identity) {
    return identity.currentUser().map(StaffActor::of)
        .orElse(new StaffActor(null, Role.ADMIN, "OKPay", null, ZoneOffset.UTC, "en"));
  }

  static StaffActor of(CurrentUser user) {
    return new StaffActor(user.userId(), user.role(), user.displayName(), user.email(),
        user.zone(), user.language());
  }

  /** {@code agent} or {@code admin}, as AuditEvent spells them. */
  String actorType() {
    return role == Role.AGENT ? "agent" : "admin";
  }

  /** The id the audit log keeps: the user's, or {@code operator-token}. */
  String actorId() {
    return userId == null ? "operator-token" : userId.toString();
  }
}
