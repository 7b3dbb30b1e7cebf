package org.okpay.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Support actions on a user, under the admin API (admin token until staff roles guard it):
 * lift a "hacked" freeze, lift a sign-in lock.
 */
@RestController
@Tag(name = "Users (admin)")
class UserAdminController {

  private final AccountProtection protection;

  UserAdminController(AccountProtection protection) {
    this.protection = protection;
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
