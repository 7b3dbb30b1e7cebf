package org.okpay.support.internal.agent;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who among staff may use the agent console: agents and admins work cases; only admins write
 * canned replies (agents read them through a case, filled for it).
 */
@Configuration(proxyBeanMethods = false)
class AgentStaffRules {

  @Bean
  StaffRules supportAgentStaff() {
    // The pages' rules are web's, the module that serves them (SupportAgentPageRules).
    return StaffRules.of("support",
        rule("/api/v1/admin/support/cases/**", ADMIN, AGENT),
        rule("/api/v1/admin/support/canned-replies/**", ADMIN));
  }
}
