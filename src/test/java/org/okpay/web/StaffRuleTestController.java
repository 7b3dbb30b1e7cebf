package org.okpay.web;

import static org.okpay.shared.StaffRole.ADMIN;
import static org.okpay.shared.StaffRole.AGENT;
import static org.okpay.shared.StaffRules.rule;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.okpay.shared.StaffRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only staff endpoint and the rule that opens it to support agents, contributed as a bean
 * from outside shared, as a new module would (StaffRulesTest). Lives in src/test, so it is never
 * part of the application; component scanning picks both up in every test context, which keeps
 * those contexts identical and cached. Hidden from the OpenAPI document.
 */
@Hidden
@RestController
class StaffRuleTestController {

  static final String AGENT_PATH = "/api/v1/admin/test-support/cases/{id}";

  @GetMapping(AGENT_PATH)
  Map<String, String> supportCase() {
    return Map.of("state", "open");
  }

  @Configuration(proxyBeanMethods = false)
  static class TestStaffRules {

    @Bean
    StaffRules testSupportStaff() {
      return StaffRules.of("web", rule("/api/v1/admin/test-support/**", ADMIN, AGENT));
    }
  }
}
