package org.okpay.support.internal.reversals;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use the reversals API: agents and admins; and its settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReversalProperties.class)
class ReversalStaffRules {

  @Bean
  StaffRules supportReversalsStaff() {
    return StaffRules.of("support",
        rule("/api/v1/admin/reversals/**", ADMIN, AGENT));
  }
}
