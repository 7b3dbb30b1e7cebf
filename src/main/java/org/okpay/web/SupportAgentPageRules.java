package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may use the agent console's pages (web serves them, so web declares them): agents and
 * admins work the queue and cases, only admins write canned replies. StaffAccess asks.
 */
@Configuration(proxyBeanMethods = false)
class SupportAgentPageRules {

  @Bean
  StaffRules supportAgentPages() {
    return StaffRules.of("web",
        rule("/admin/support/queue", ADMIN, AGENT),
        rule("/admin/support/cases/**", ADMIN, AGENT),
        rule("/admin/support/canned-replies/**", ADMIN));
  }
}
