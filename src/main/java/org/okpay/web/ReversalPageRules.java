package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use the reversal pages: agents and admins (StaffAccess asks). */
@Configuration(proxyBeanMethods = false)
class ReversalPageRules {

  @Bean
  StaffRules webReversalsStaff() {
    return StaffRules.of("web", rule("/admin/reversals/**", ADMIN, AGENT));
  }
}
