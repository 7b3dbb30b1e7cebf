package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.payments.MoneyFixture;
import org.okpay.shared.StaffAuthorization;
import org.okpay.shared.StaffRole;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staff authorization as each module declares it: a rule from a test-only bean opens a test
 * endpoint to support agents with nothing changed in shared; agents stay out of what their rules
 * do not open (payments' API, the staff pages); and every staff endpoint the application serves
 * is covered by a rule of the module that serves it, admins included.
 */
@OkPayTest
class StaffRulesTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired StaffAuthorization authorization;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  @Test
  void aRuleFromATestOnlyBeanOpensItsEndpointToAgentsAndNothingElse() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser customer = users.user().create();
    String testCase = "/api/v1/admin/test-support/cases/7";

    assertThat(money.send("GET", testCase, null, agent.token(), null).statusCode())
        .isEqualTo(200);
    assertThat(money.send("GET", testCase, null, customer.token(), null).statusCode())
        .as("a customer is no staff").isEqualTo(403);
    assertThat(money.send("GET", "/api/v1/admin/payments/reviews", null, agent.token(), null)
        .statusCode()).as("payments opens its API to admins only").isEqualTo(403);
    assertThat(money.send("GET", testCase, null, MoneyFixture.ADMIN, null).statusCode())
        .as("the operator token opens everything, as before").isEqualTo(200);
  }

  @Test
  void staffPagesAskTheSameRules() throws Exception {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser admin = users.user().role(Role.ADMIN).create();
    HttpClient agentPages = PageSession.signedIn(port, agent.email());
    HttpClient adminPages = PageSession.signedIn(port, admin.email());
    HttpClient nobody = HttpClient.newHttpClient();

    for (String page : List.of("/admin/status", "/admin/payments")) {
      assertThat(PageSession.get(adminPages, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(200);
      assertThat(PageSession.get(agentPages, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(403);
      assertThat(PageSession.get(nobody, port, page, "text/html").headers()
          .firstValue("Location")).as(page)
          .hasValueSatisfying(l -> assertThat(l).endsWith("/login?next=" + page));
    }
    assertThat(PageSession.get(adminPages, port, "/admin/ledger", "text/html").body())
        .as("the ledger console opens to an admin without the operator token")
        .contains("id=\"invariants\"");
    assertThat(PageSession.get(agentPages, port, "/admin/ledger", "text/html").body())
        .as("an agent gets the operator-token form").contains("name=\"token\"");
  }

  @Test
  void everyStaffEndpointIsCoveredByARuleOfItsOwnModuleThatAdmitsAdmins() {
    List<String> checked = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping
        : mappings.getHandlerMethods().entrySet()) {
      String module = moduleOf(mapping.getValue().getBeanType());
      for (String pattern : mapping.getKey().getPathPatternsCondition().getPatternValues()) {
        if (!pattern.startsWith("/api/v1/admin/") && !pattern.startsWith("/admin/")) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", "x");
        assertThat(authorization.declaredBy(path)).as(pattern).hasValue(module);
        assertThat(authorization.rolesFor(path)).as(pattern).contains(StaffRole.ADMIN);
        checked.add(pattern);
      }
    }
    assertThat(checked).contains("/api/v1/admin/users/{id}/role",
        "/api/v1/admin/ledger/accounts", "/api/v1/admin/status/incidents",
        "/api/v1/admin/payments/reviews", "/api/v1/admin/fx/rates", "/admin/payments");
    assertThat(authorization.rolesFor("/api/v1/admin/users/x/unlock"))
        .containsExactlyInAnyOrder(StaffRole.ADMIN, StaffRole.AGENT);
    assertThat(authorization.rolesFor("/api/v1/admin/users/x/role"))
        .containsExactly(StaffRole.ADMIN);
  }

  /** org.okpay.identity.internal.X is identity's. */
  private static String moduleOf(Class<?> type) {
    return type.getPackageName().split("\\.")[2];
  }
}
