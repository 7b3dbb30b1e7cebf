package org.okpay.support.internal.disputes;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Agents and admins decide disputes: the disputes' own staff paths only. */
@Configuration(proxyBeanMethods = false)
class DisputesStaffRules {

  @Bean
  StaffRules disputesStaff() {
    return StaffRules.of("support-disputes",
        rule("/api/v1/admin/disputes/**", ADMIN, AGENT),
        rule("/admin/disputes/**", ADMIN, AGENT));
  }
}
