package org.okpay.ledger.internal;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRules.rule;

import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Who among staff may use the ledger's operator API: admins. */
@Configuration(proxyBeanMethods = false)
class LedgerStaffRules {

  @Bean
  StaffRules ledgerStaff() {
    return StaffRules.of("ledger", rule("/api/v1/admin/ledger/**", ADMIN));
  }
}
