package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who may use the agent console's customer pages (StaffAccess asks): agents and admins. */
@Configuration(proxyBeanMethods = false)
class SupportConsolePageRules {

  @Bean
  StaffRules webSupportConsoleStaff() {
    return StaffRules.of("web",
        rule("/admin/support/customers/**", ADMIN, AGENT),
        rule("/admin/support/customers/{id}/reset-two-factor", ADMIN));
  }
}
