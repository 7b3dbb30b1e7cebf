package org.okpay.support.internal.agent;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who among staff may use the agent console: agents and admins work cases; only admins write
 * canned replies (agents read them through a case, filled for it). Pages and API alike.
 */
@Configuration(proxyBeanMethods = false)
class AgentStaffRules {

  @Bean
  StaffRules supportAgentStaff() {
    return StaffRules.of("support-agent",
        rule("/api/v1/admin/support/cases/**", ADMIN, AGENT),
        rule("/api/v1/admin/support/canned-replies/**", ADMIN),
        rule("/admin/support/queue", ADMIN, AGENT),
        rule("/admin/support/cases/**", ADMIN, AGENT),
        rule("/admin/support/canned-replies/**", ADMIN));
  }
}
