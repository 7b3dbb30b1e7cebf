package org.okpay.identity.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use identity's operator API (UserAdminController): its own paths only. */
@Configuration(proxyBeanMethods = false)
class IdentityStaffRules {

  @Bean
  StaffRules identityStaff() {
    return StaffRules.of("identity",
        rule("/api/v1/admin/users/**", ADMIN),
        // Support agents lift locks and freezes; only admins give roles.
        rule("/api/v1/admin/users/{id}/unlock", ADMIN, AGENT),
        rule("/api/v1/admin/users/{id}/unfreeze", ADMIN, AGENT));
  }
}
