package org.okpay.audit.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who among staff may read and verify the audit log: admins only, through the API and the page
 * (/admin/audit, served by web's AuditPageController). Agents' own actions are in the log, so
 * they do not get to read or verify it.
 */
@Configuration(proxyBeanMethods = false)
class AuditStaffRules {

  @Bean
  StaffRules auditStaff() {
    return StaffRules.of("audit",
        rule("/api/v1/admin/audit/**", ADMIN),
        rule("/admin/audit/**", ADMIN));
  }
}
