package org.okpay.payments.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who among staff may use payments' operator API: reviews and reconciliation, FX rates, the
 * sandbox clock.
 */
@Configuration(proxyBeanMethods = false)
class PaymentsStaffRules {

  @Bean
  StaffRules paymentsStaff() {
    return StaffRules.of("payments",
        rule("/api/v1/admin/payments/**", ADMIN),
        rule("/api/v1/admin/fx/**", ADMIN),
        rule("/api/v1/admin/sandbox/**", ADMIN));
  }
}
