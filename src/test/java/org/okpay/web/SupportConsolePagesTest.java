package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.payments.PaymentsApi;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.NewCase;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's pages and forms over HTTP: customers are refused (403), agents use everything
 * but the admin-only two-factor reset (403), admins everything; nobody signed in is sent to
 * sign in; a form without a reason is refused with the reason named and nothing done.
 */
@OkPayTest
class SupportConsolePagesTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  static final String PATH = "/admin/support/customers";

  @LocalServerPort int port;
  @Autowired TestUsers users;
  @Autowired IdentityApi identity;
  @Autowired SupportActionsApi actions;
  @Autowired SupportApi support;
  @Autowired PaymentsApi payments;

  @Test
  void permissionMatrixOverThePagesAndForms() throws Exception {
    TestUser target = users.user().create();
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser admin = users.user().role(Role.ADMIN).create();
    HttpClient asCustomer = PageSession.signedIn(port, customer.email());
    HttpClient asAgent = PageSession.signedIn(port, agent.email());
    HttpClient asAdmin = PageSession.signedIn(port, admin.email());
    String one = PATH + "/" + target.id();
    String customerCsrf = csrf(asCustomer, "/account");
    String agentCsrf = csrf(asAgent, one);
    String adminCsrf = csrf(asAdmin, one);

    for (String page : List.of(PATH + "?q=" + target.email().substring(0, 8), one)) {
      assertThat(PageSession.get(asCustomer, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(403);
      assertThat(PageSession.get(asAgent, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(200);
      assertThat(PageSession.get(asAdmin, port, page, "text/html").statusCode()).as(page)
          .isEqualTo(200);
      assertThat(PageSession.get(HttpClient.newHttpClient(), port, page, "text/html")
          .headers().firstValue("Location")).as(page)
          .hasValueSatisfying(l -> assertThat(l).contains("/login?next="));
    }
    for (String action : List.of("unlock", "unfreeze", "resend-verification",
        "force-password-reset", "reset-two-factor", "freeze")) {
      String form = "reason=matrix&checklist=identityDocument&checklist=registeredContact"
          + "&checklist=recentActivity";
      assertThat(post(asCustomer, one + "/" + action, form, customerCsrf).statusCode())
          .as("customer " + action).isEqualTo(403);
      HttpResponse<String> byAgent = post(asAgent, one + "/" + action, form, agentCsrf);
      if (action.equals("reset-two-factor")) {
        assertThat(byAgent.statusCode()).as("agent " + action).isEqualTo(403);
      } else {
        assertThat(byAgent.statusCode()).as("agent " + action + byAgent.body()).isEqualTo(303);
        assertThat(byAgent.headers().firstValue("Location")).hasValueSatisfying(
            l -> assertThat(l).contains(one + "?done="));
      }
      assertThat(post(asAdmin, one + "/" + action, form, adminCsrf).statusCode())
          .as("admin " + action).isEqualTo(303);
    }
    assertThat(identity.frozen(target.id())).as("the last action, a freeze, was done").isTrue();
  }

  @Test
  void aFormWithoutAReasonIsRefusedInWordsAndDoesNothing() throws Exception {
    TestUser target = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    HttpClient asAgent = PageSession.signedIn(port, agent.email());
    String one = PATH + "/" + target.id();

    HttpResponse<String> refused = post(asAgent, one + "/freeze", "reason=++",
        csrf(asAgent, one));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("data-code=\"reason_required\"")
        .contains("every support action needs a reason");
    assertThat(identity.frozen(target.id())).isFalse();
  }

  @Test
  void aFrozenCustomerSeesTheBannerWithTheirCaseOnAccountPagesOnlyUntilUnfrozen()
      throws Exception {
    TestUser owner = users.user().create();
    SupportCase securityCase = support.open(new NewCase(owner.id(), owner.email(), "en",
        CaseCategory.ACCOUNT_SECURITY, CasePriority.URGENT, "Someone paid from my account",
        "Please help", null, "test:" + UUID.randomUUID(), "web"));
    Actor agent = new Actor(users.user().role(Role.AGENT).create().id(), Role.AGENT);
    actions.freeze(agent, owner.id(), "card testing pattern");
    HttpClient asOwner = PageSession.signedIn(port, owner.email());

    for (String page : List.of("/account/money?lang=en", "/account?lang=en")) {
      String body = PageSession.get(asOwner, port, page, "text/html").body();
      assertThat(body).as(page).contains("id=\"frozen-banner\"")
          .contains("OKPay support froze sending")
          .contains("/support/cases/" + securityCase.id())
          .doesNotContain("id=\"frozen-reset\"");
    }
    String zh = PageSession.get(asOwner, port, "/account/money?lang=zh-CN", "text/html").body();
    assertThat(zh).contains("您的账户目前无法转出资金").contains(securityCase.reference());
    assertThat(PageSession.get(asOwner, port, "/fees?lang=en", "text/html").body())
        .as("only the wallet and account pages").doesNotContain("id=\"frozen-banner\"");

    actions.unfreeze(agent, owner.id(), "false alarm", Set.of());
    assertThat(PageSession.get(asOwner, port, "/account/money?lang=en", "text/html").body())
        .doesNotContain("id=\"frozen-banner\"");
  }

  @Test
  void staffSeeACustomersTransactionWithItsTrackerButNotUnderAnotherCustomer()
      throws Exception {
    TestUser payer = users.user().funded(2_500).create();
    TestUser other = users.user().create();
    UUID topUp = payments.history(payer.id(), PaymentsApi.HistoryFilter.none(), null, 1)
        .transactions().getFirst().id();
    HttpClient asAgent = PageSession.signedIn(port,
        users.user().role(Role.AGENT).create().email());

    String customerPage = PageSession.get(asAgent, port, PATH + "/" + payer.id() + "?lang=en",
        "text/html").body();
    assertThat(customerPage).contains(PATH + "/" + payer.id() + "/transactions/" + topUp)
        .contains("4242").contains("id=\"disputes\"");
    HttpResponse<String> tracker = PageSession.get(asAgent, port,
        PATH + "/" + payer.id() + "/transactions/" + topUp + "?lang=en", "text/html");
    assertThat(tracker.statusCode()).isEqualTo(200);
    assertThat(tracker.body()).contains("id=\"stepper\"").contains("25.00");
    assertThat(PageSession.get(asAgent, port, PATH + "/" + other.id() + "/transactions/"
        + topUp, "text/html").statusCode()).as("scoped to the customer in the path")
        .isEqualTo(404);
  }

  private String csrf(HttpClient client, String page) throws Exception {
    Matcher m = CSRF.matcher(PageSession.get(client, port, page, "text/html").body());
    assertThat(m.find()).as(page).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> post(HttpClient client, String path, String form, String csrf)
      throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf="
            + URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
