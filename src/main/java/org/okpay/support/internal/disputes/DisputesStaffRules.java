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
    // The pages under /admin/disputes are web's, declared in web's StaffPageRules.
    return StaffRules.of("support", rule("/api/v1/admin/disputes/**", ADMIN, AGENT));
  }
}
