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
        // Support agents lift locks; only admins give roles. Agents unfreeze through the agent
        // console (/api/v1/admin/support/customers/{id}/unfreeze), which asks for a reason and,
        // after a "hacked" report, the checklist; this older path stays an admin override.
        rule("/api/v1/admin/users/{id}/unlock", ADMIN, AGENT));
  }
}
