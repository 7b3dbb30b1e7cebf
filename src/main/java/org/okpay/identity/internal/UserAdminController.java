package org.okpay.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Support actions on a user, under the admin API (admin token until staff roles guard it):
 * lift a "hacked" freeze, lift a sign-in lock, set a role.
 */
@RestController
@Tag(name = "Users (admin)")
class UserAdminController {

  private final AccountProtection protection;
  private final UserStore users;
  private final IdentityApi identity;
  private final TransactionTemplate tx;
  private final IdentityAudit audit;

  UserAdminController(AccountProtection protection, UserStore users, IdentityApi identity,
      TransactionTemplate tx, IdentityAudit audit) {
    this.protection = protection;
    this.users = users;
    this.identity = identity;
    this.tx = tx;
    this.audit = audit;
  }

  /** Where a "my account was hacked" report stands: awaiting the owner's reset, or an unfreeze. */
  @GetMapping("/api/v1/admin/users/{id}/recovery")
  @Operation(summary = "A hacked account's recovery state (awaiting reset, awaiting unfreeze)")
  IdentityApi.RecoveryState recovery(@PathVariable UUID id) {
    return identity.recoveryState(id);
  }

  record RoleBody(@NotNull @Pattern(regexp = "customer|merchant|agent|admin") String role) {
  }

  /**
   * Gives a user a role: merchant, support agent, admin. Staff (agent, admin) get the shorter
   * idle timeout and stricter lockout from their next sign-in on.
   */
  @PutMapping("/api/v1/admin/users/{id}/role")
  @Operation(summary = "Set a user's role (customer, merchant, agent, admin)")
  ResponseEntity<Void> role(@PathVariable UUID id, @Valid @RequestBody RoleBody body) {
    Role role = Role.fromDb(body.role());
    tx.executeWithoutResult(status -> {
      Role before = users.byId(id).map(UserRow::role)
          .orElseThrow(() -> new OkPayException(ErrorCode.USER_NOT_FOUND));
      if (!users.setRole(id, role)) {
        throw new OkPayException(ErrorCode.USER_NOT_FOUND);
      }
      audit.byStaff("role_changed", id, "from", before.dbValue(), "to", role.dbValue());
    });
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/admin/users/{id}/unfreeze")
  @Operation(summary = "Let money leave the user's accounts again after a freeze")
  ResponseEntity<Void> unfreeze(@PathVariable UUID id) {
    protection.unfreeze(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/admin/users/{id}/unlock")
  @Operation(summary = "Lift a sign-in lock")
  ResponseEntity<Void> unlock(@PathVariable UUID id) {
    protection.unlock(id);
    return ResponseEntity.noContent().build();
  }
}
