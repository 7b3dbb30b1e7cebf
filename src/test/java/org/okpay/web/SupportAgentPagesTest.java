package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.NewCase;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The agent console's pages answer by role: agents and admins see the queue and a case, only
 * admins the canned replies page, customers get 403 and signed-out visitors the sign-in; both
 * languages render.
 */
@OkPayTest
class SupportAgentPagesTest {

  @LocalServerPort int port;
  @Autowired TestUsers users;
  @Autowired SupportApi support;

  @Test
  void pagesOpenByRole() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser admin = users.user().role(Role.ADMIN).create();
    SupportCase c = support.open(new NewCase(customer.id(), customer.email(), "zh-CN",
        CaseCategory.REFUND, CasePriority.HIGH, "退款没有到账", "三天了", null,
        "test:" + UUID.randomUUID(), "web"));
    HttpClient agentPages = PageSession.signedIn(port, agent.email());
    HttpClient adminPages = PageSession.signedIn(port, admin.email());
    HttpClient customerPages = PageSession.signedIn(port, customer.email());
    String casePage = "/admin/support/cases/" + c.id();

    for (String page : List.of("/admin/support/queue", casePage,
        "/admin/support/queue?lang=zh-CN", casePage + "?lang=zh-CN")) {
      var seen = PageSession.get(agentPages, port, page, "text/html");
      assertThat(seen.statusCode()).as(page).isEqualTo(200);
      assertThat(PageSession.get(adminPages, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(200);
      assertThat(PageSession.get(customerPages, port, page, "text/html").statusCode())
          .as(page).isEqualTo(403);
    }
    assertThat(PageSession.get(agentPages, port, casePage, "text/html").body())
        .contains(c.reference()).contains("id=\"reply-form\"");
    assertThat(PageSession.get(agentPages, port, "/admin/support/queue?priority=high",
        "text/html").body()).contains("queue-" + c.id());
    assertThat(PageSession.get(adminPages, port, "/admin/support/canned-replies", "text/html")
        .body()).contains("id=\"canned-edit-form\"");
    assertThat(PageSession.get(agentPages, port, "/admin/support/canned-replies", "text/html")
        .statusCode()).isEqualTo(403);
    assertThat(PageSession.get(HttpClient.newHttpClient(), port, "/admin/support/queue",
        "text/html").headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login?next=/admin/support/queue"));
  }
}
