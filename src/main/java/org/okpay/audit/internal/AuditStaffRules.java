package org.okpay.audit.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who among staff may read and verify the audit log through the API: admins only (the page
 * /admin/audit is web's, with the same rule in web's AuditPageRules). Agents' own actions are in
 * the log, so they do not get to read or verify it.
 */
@Configuration(proxyBeanMethods = false)
class AuditStaffRules {

  @Bean
  StaffRules auditStaff() {
    return StaffRules.of("audit", rule("/api/v1/admin/audit/**", ADMIN));
  }
}
