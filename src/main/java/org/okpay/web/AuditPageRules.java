package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may use the audit log page web serves (AuditPageController): admins only, like the audit
 * API. A bean of its own beside StaffPageRules, so the audit pages' rule travels with them.
 */
@Configuration(proxyBeanMethods = false)
class AuditPageRules {

  @Bean
  StaffRules webAuditPages() {
    return StaffRules.of("web", rule("/admin/audit/**", ADMIN));
  }
}
