package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRole.MERCHANT;
import static org.okpay.shared.StaffRules.rule;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the modules' rules combine: the most specific pattern decides, nobody by default. */
class StaffAuthorizationTest {

  private final StaffAuthorization rules = new StaffAuthorization(List.of(
      StaffRules.of("identity",
          rule("/api/v1/admin/users/**", ADMIN),
          rule("/api/v1/admin/users/{id}/unlock", ADMIN, AGENT)),
      StaffRules.of("merchants",
          rule("/api/v1/admin/merchants/{id}/refunds", ADMIN, AGENT),
          rule("/api/v1/admin/merchants/refunds/{id}", ADMIN, MERCHANT))));

  @Test
  void theMostSpecificPatternDecides() {
    assertThat(rules.rolesFor("/api/v1/admin/users/42/unlock")).containsOnly(ADMIN, AGENT);
    assertThat(rules.rolesFor("/api/v1/admin/users/42/role")).containsOnly(ADMIN);
    assertThat(rules.rolesFor("/api/v1/admin/users")).containsOnly(ADMIN);
    assertThat(rules.declaredBy("/api/v1/admin/users/42/unlock")).hasValue("identity");
  }

  @Test
  void aPathNoRuleMatchesIsOpenToNoSignedInUser() {
    assertThat(rules.rolesFor("/api/v1/admin/ledger/accounts")).isEmpty();
    assertThat(rules.rolesFor("/api/v1/admin/users/42/unlock/")).as("not the unlock rule")
        .containsOnly(ADMIN);
    assertThat(rules.declaredBy("/api/v1/admin/ledger/accounts")).isEmpty();
  }

  @Test
  void equallySpecificPatternsAllowOnlyWhatBothAllow() {
    assertThat(rules.rolesFor("/api/v1/admin/merchants/9/refunds")).containsOnly(ADMIN, AGENT);
    assertThat(rules.rolesFor("/api/v1/admin/merchants/refunds/9")).containsOnly(ADMIN, MERCHANT);
    // Both patterns match, equally specific: only what both allow.
    assertThat(rules.rolesFor("/api/v1/admin/merchants/refunds/refunds")).containsOnly(ADMIN);
  }

  @Test
  void twoModulesCannotDeclareTheSamePattern() {
    assertThatThrownBy(() -> new StaffAuthorization(List.of(
        StaffRules.of("identity", rule("/api/v1/admin/users/**", ADMIN)),
        StaffRules.of("payments", rule("/api/v1/admin/users/**", ADMIN, AGENT)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("identity").hasMessageContaining("payments");
  }

  @Test
  void aRuleNeedsAPathAndARole() {
    assertThatThrownBy(() -> new StaffRules.Rule("api/v1/admin", Set.of(ADMIN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StaffRules.Rule("/api/v1/admin", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StaffRules("identity", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
