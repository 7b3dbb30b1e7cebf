package org.okpay.support.internal.console;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use the console's customer API: its own paths only. */
@Configuration(proxyBeanMethods = false)
class ConsoleStaffRules {

  @Bean
  StaffRules supportConsoleStaff() {
    return StaffRules.of("support",
        rule("/api/v1/admin/support/customers/**", ADMIN, AGENT),
        // Turning off someone's second factor hands the account to whoever holds the password.
        rule("/api/v1/admin/support/customers/{id}/reset-two-factor", ADMIN));
  }
}
