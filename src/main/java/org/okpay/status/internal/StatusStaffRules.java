package org.okpay.status.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may run the status page through the API: admins. */
@Configuration(proxyBeanMethods = false)
class StatusStaffRules {

  @Bean
  StaffRules statusStaff() {
    return StaffRules.of("status", rule("/api/v1/admin/status/**", ADMIN));
  }
}
