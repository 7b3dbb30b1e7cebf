package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use the operators' pages web serves: admins (StaffAccess asks). */
@Configuration(proxyBeanMethods = false)
class StaffPageRules {

  @Bean
  StaffRules webStaff() {
    return StaffRules.of("web",
        rule("/admin/status/**", ADMIN),
        rule("/admin/payments/**", ADMIN),
        rule("/admin/ledger/**", ADMIN),
        // Disputes (support): agents decide them too.
        rule("/admin/disputes/**", ADMIN, AGENT));
  }
}
