package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditQuery;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.identity.SupportActionsApi;
import org.okpay.identity.SupportActionsApi.Actor;
import org.okpay.identity.SupportActionsApi.FrozenBy;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.EmailTemplate;
import org.okpay.payments.MoneyFixture;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent console's customer API (issue 11): who may use which endpoint, the reason every
 * action needs, the "hacked" unfreeze that waits for the owner's new password and the ticked
 * checklist, idempotent answers, and an audit row for every action.
 */
@OkPayTest
class SupportConsoleApiTest {

  static final String BASE = "/api/v1/admin/support/customers";
  /**
   * What the operator-API guard (shared AdminApiGuard) answers a signed-in user whose role the
   * staff rules do not open a path to: 403 forbidden.
   */
  static final int REFUSED_BY_GUARD = 403;
  static final String NEW_PASSWORD = "Quiet-Lantern-Orchard-4417";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired DevMailbox mailbox;
  @Autowired IdentityApi identity;
  @Autowired SupportActionsApi actions;
  @Autowired AuditApi audit;
  @Autowired JdbcClient jdbc;
  @Autowired SupportApi support;

  private MoneyFixture http;
  private TestUser agent;
  private TestUser admin;

  @BeforeEach
  void setUp() {
    http = new MoneyFixture(port, json, users);
    agent = users.user().role(Role.AGENT).create();
    admin = users.user().role(Role.ADMIN).create();
  }

  @Test
  void permissionMatrixOverEveryEndpoint() throws Exception {
    TestUser customer = users.user().create();
    TestUser target = users.user().displayName("Matrix Target").create();
    List<String> checked = new ArrayList<>();
    for (Endpoint e : endpoints(target)) {
      int asCustomer = call(e, customer).statusCode();
      assertThat(asCustomer).as("customer " + e).isEqualTo(REFUSED_BY_GUARD);
      HttpResponse<String> asAgent = call(e, agent);
      if (e.adminOnly()) {
        assertThat(asAgent.statusCode()).as("agent " + e).isEqualTo(REFUSED_BY_GUARD);
      } else {
        assertThat(asAgent.statusCode()).as("agent " + e + " " + asAgent.body()).isEqualTo(200);
      }
      HttpResponse<String> asAdmin = call(e, admin);
      assertThat(asAdmin.statusCode()).as("admin " + e + " " + asAdmin.body()).isEqualTo(200);
      checked.add(e.method() + " " + e.path());
    }
    assertThat(checked).hasSize(8);
    // The older identity path without a reason or checklist is no way around it for agents.
    assertThat(http.send("POST", "/api/v1/admin/users/" + target.id() + "/unfreeze", null,
        agent.token(), null).statusCode()).isEqualTo(REFUSED_BY_GUARD);
    // Behind the guard the interface refuses on its own too: an agent who reached it.
    assertThatThrownBy(() -> actions.resetTwoFactor(new Actor(agent.id(), Role.AGENT),
        target.id(), "caller verified", Set.copyOf(SupportActionsApi.TWO_FACTOR_CHECKLIST)))
        .isInstanceOfSatisfying(OkPayException.class,
            ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> actions.profile(new Actor(customer.id(), Role.CUSTOMER),
        target.id())).isInstanceOfSatisfying(OkPayException.class,
            ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void staffCannotActOnThemselvesAndAgentsNotOnOtherStaff() throws Exception {
    TestUser otherAgent = users.user().role(Role.AGENT).create();
    problem(post(agent, agent.id(), "unlock", body("my own lock")), 403, "forbidden");
    problem(post(agent, otherAgent.id(), "freeze", body("colleague")), 403, "forbidden");
    problem(post(agent, admin.id(), "force-password-reset", body("boss")), 403, "forbidden");
    assertThat(post(admin, otherAgent.id(), "unlock", body("locked out after holiday"))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void everyActionNeedsAReasonAndChangesNothingWithoutOne() throws Exception {
    TestUser target = users.user().create();
    for (String action : List.of("unlock", "freeze", "unfreeze", "resend-verification",
        "force-password-reset")) {
      JsonNode missing = problem(post(agent, target.id(), action, Map.of()), 400,
          "reason_required");
      assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("reason");
      problem(post(agent, target.id(), action, body("   ")), 400, "reason_required");
      JsonNode tooLong = problem(post(agent, target.id(), action,
          body("x".repeat(SupportActionsApi.REASON_MAX + 1))), 400, "validation_failed");
      assertThat(tooLong.get("errors").get(0).get("code").asString()).isEqualTo("too_long");
    }
    problem(post(admin, target.id(), "reset-two-factor", Map.of()), 400, "reason_required");
    assertThat(identity.frozen(target.id())).as("a refused freeze froze nothing").isFalse();
    assertThat(identity.sessions(target.current())).as("a refused reset ended nothing")
        .isNotEmpty();
    assertThat(auditOf(target.id())).as("refusals are not actions").isEmpty();

    problem(post(agent, UUID.randomUUID(), "unlock", body("who is this")), 404,
        "user_not_found");
    problem(http.send("GET", BASE + "/" + UUID.randomUUID(), null, agent.token(), null), 404,
        "user_not_found");
  }

  @Test
  void aHackedAccountIsUnfrozenOnlyAfterTheOwnersNewPasswordAndTheTickedChecklist()
      throws Exception {
    TestUser owner = users.user().funded(5_000).create();
    identity.reportCompromise(owner.current(), "127.0.0.1");
    Map<String, Object> allTicked = body("owner called back on the registered number",
        SupportActionsApi.UNFREEZE_CHECKLIST);

    JsonNode customer = http.read(http.send("GET", BASE + "/" + owner.id(), null,
        agent.token(), null));
    assertThat(customer.at("/profile/freeze/by").asString()).isEqualTo("OWNER");
    assertThat(customer.at("/profile/recovery/stage").asString()).isEqualTo("AWAITING_RESET");

    // Ticking "password changed" is not enough: the server checks it.
    problem(post(agent, owner.id(), "unfreeze", allTicked), 409,
        "password_not_changed_since_report");
    JsonNode incomplete = problem(post(agent, owner.id(), "unfreeze",
        body("owner says all is fine", List.of(SupportActionsApi.PASSWORD_CHANGED,
            SupportActionsApi.SUSPICIOUS_TRANSACTIONS_REPORTED))), 422, "checklist_incomplete");
    assertThat(incomplete.get("errors")).hasSize(1);
    assertThat(incomplete.get("errors").get(0).get("field").asString())
        .isEqualTo("checklist.sessionsReviewed");
    assertThat(identity.frozen(owner.id())).isTrue();

    // The owner takes the account back with the e-mailed link.
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox
        .latest(owner.email(), 10).stream()
        .filter(m -> m.template() == EmailTemplate.PASSWORD_RESET)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    identity.resetPassword(link.substring(link.indexOf("token=") + 6), NEW_PASSWORD,
        "127.0.0.1");

    problem(post(agent, owner.id(), "unfreeze", body("still missing ticks")), 422,
        "checklist_incomplete");
    JsonNode unfrozen = http.read(ok(post(agent, owner.id(), "unfreeze", allTicked)));
    assertThat(unfrozen.get("outcome").asString()).isEqualTo("unfrozen");
    assertThat(unfrozen.get("changed").asBoolean()).isTrue();
    assertThat(identity.frozen(owner.id())).isFalse();
    assertThat(identity.recoveryState(owner.id()).stage())
        .isEqualTo(IdentityApi.RecoveryState.Stage.NONE);
    List<String> stored = jdbc.sql("""
        select unnest(items) from identity.support_checklists
         where user_id = :user and action = 'unfreeze'
        """).param("user", owner.id()).query(String.class).list();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(SupportActionsApi.UNFREEZE_CHECKLIST);
    assertThat(jdbc.sql("""
        select password_changed_at > reported_at from identity.support_checklists
         where user_id = :user and action = 'unfreeze'
        """).param("user", owner.id()).query(Boolean.class).single()).isTrue();

    // A second unfreeze is an answer, not an error.
    JsonNode again = http.read(ok(post(admin, owner.id(), "unfreeze", body("double check"))));
    assertThat(again.get("outcome").asString()).isEqualTo("not_frozen");
    assertThat(again.get("changed").asBoolean()).isFalse();

    AuditEntry row = auditOf(owner.id()).stream()
        .filter(e -> e.action().equals("support.unfreeze")
            && "unfrozen".equals(e.details().get("outcome")))
        .findFirst().orElseThrow();
    assertThat(row.actorType()).isEqualTo("agent");
    assertThat(row.actorId()).isEqualTo(agent.id().toString());
    assertThat(row.reason()).isEqualTo("owner called back on the registered number");
    assertThat(row.details()).containsEntry("frozen_by", "owner")
        .containsKey("password_changed_at");
  }

  @Test
  void aSupportFreezeAfterASettledReportIsNoHackedFreezeButANewReportMakesItOne()
      throws Exception {
    TestUser owner = users.user().create();
    identity.reportCompromise(owner.current(), "127.0.0.1");
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox
        .latest(owner.email(), 10).stream()
        .filter(m -> m.template() == EmailTemplate.PASSWORD_RESET)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    identity.resetPassword(link.substring(link.indexOf("token=") + 6), NEW_PASSWORD,
        "127.0.0.1");
    ok(post(agent, owner.id(), "unfreeze", body("settled", SupportActionsApi.UNFREEZE_CHECKLIST)));

    ok(post(agent, owner.id(), "freeze", body("chargeback pattern weeks later")));
    JsonNode frozen = http.read(http.send("GET", BASE + "/" + owner.id(), null, agent.token(),
        null));
    assertThat(frozen.at("/profile/freeze/by").asString()).isEqualTo("SUPPORT");
    assertThat(frozen.at("/profile/recovery/stage").asString()).isEqualTo("NONE");

    // The owner reports a hack while support's freeze holds: now it is a hacked freeze.
    identity.reportCompromise(identity.signIn(owner.email(), NEW_PASSWORD,
        IdentityApi.SessionKind.API, "127.0.0.1", "t").user(), "127.0.0.1");
    assertThat(actions.freezeOf(owner.id())).hasValueSatisfying(
        f -> assertThat(f.by()).isEqualTo(FrozenBy.OWNER));
    problem(post(agent, owner.id(), "unfreeze", body("reason only")), 422,
        "checklist_incomplete");
  }

  @Test
  void aFreezeBySupportIsLiftedWithAReasonAloneAndEveryActionIsAudited() throws Exception {
    TestUser target = users.user().create();
    assertThat(http.read(ok(post(agent, target.id(), "freeze", body("card testing pattern"))))
        .get("outcome").asString()).isEqualTo("frozen");
    assertThat(identity.frozen(target.id())).isTrue();
    assertThat(actions.freezeOf(target.id())).hasValueSatisfying(
        f -> assertThat(f.by()).isEqualTo(FrozenBy.SUPPORT));
    assertThat(http.read(ok(post(agent, target.id(), "freeze", body("again"))))
        .get("outcome").asString()).isEqualTo("already_frozen");
    assertThat(http.read(ok(post(agent, target.id(), "unfreeze", body("false alarm"))))
        .get("outcome").asString()).isEqualTo("unfrozen");
    assertThat(identity.frozen(target.id())).isFalse();
    assertThat(http.read(ok(post(agent, target.id(), "unlock", body("asked by phone"))))
        .get("outcome").asString()).isEqualTo("not_locked");
    assertThat(http.read(ok(post(agent, target.id(), "resend-verification",
        body("lost the e-mail")))).get("outcome").asString()).isEqualTo("already_verified");
    assertThat(http.read(ok(post(agent, target.id(), "force-password-reset",
        body("password seen in a leak")))).get("outcome").asString()).isEqualTo("reset_sent");
    // Every session ended: the customer's token opens nothing any more.
    assertThat(http.send("GET", "/api/v1/me", null, target.token(), null).statusCode())
        .isEqualTo(401);
    // The current password no longer signs in; the e-mailed link sets a new one, which does.
    problem(http.send("POST", "/api/v1/auth/tokens", Map.of("email", target.email(),
        "password", target.password()), null, null), 403, "password_reset_required");
    String link = await().atMost(Duration.ofSeconds(10)).until(() -> mailbox
        .latest(target.email(), 10).stream()
        .filter(m -> m.template() == EmailTemplate.PASSWORD_RESET)
        .map(m -> m.links().getFirst()).findFirst().orElse(null), l -> l != null);
    identity.resetPassword(link.substring(link.indexOf("token=") + 6), NEW_PASSWORD, "127.0.0.1");
    assertThat(http.send("POST", "/api/v1/auth/tokens", Map.of("email", target.email(),
        "password", NEW_PASSWORD), null, null).statusCode()).isEqualTo(201);

    List<String> audited = auditOf(target.id()).stream().map(AuditEntry::action)
        .filter(a -> !a.equals("support.customer_viewed")).toList();
    assertThat(audited).containsExactlyInAnyOrder("support.freeze", "support.freeze",
        "support.unfreeze", "support.unlock", "support.resend_verification",
        "support.force_password_reset");
    assertThat(auditOf(target.id())).allSatisfy(e -> assertThat(e.actorId())
        .isEqualTo(agent.id().toString()));
  }

  @Test
  void anAdminResetsTwoFactorOnlyAfterTheIdentityChecklist() throws Exception {
    TestUser target = users.user().twoFactor().create();
    JsonNode incomplete = problem(post(admin, target.id(), "reset-two-factor",
        body("lost phone", List.of(SupportActionsApi.IDENTITY_DOCUMENT))), 422,
        "checklist_incomplete");
    assertThat(incomplete.get("errors")).hasSize(2);
    JsonNode done = http.read(ok(post(admin, target.id(), "reset-two-factor",
        body("lost phone, passport checked on video call",
            SupportActionsApi.TWO_FACTOR_CHECKLIST))));
    assertThat(done.get("outcome").asString()).isEqualTo("two_factor_reset");
    assertThat(http.read(http.send("GET", BASE + "/" + target.id(), null, admin.token(), null))
        .at("/profile/twoFactorOn").asBoolean()).isFalse();
    assertThat(http.read(ok(post(admin, target.id(), "reset-two-factor",
        body("again", SupportActionsApi.TWO_FACTOR_CHECKLIST)))).get("outcome").asString())
        .isEqualTo("two_factor_off");
    assertThat(auditOf(target.id())).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("support.reset_two_factor");
      assertThat(e.actorType()).isEqualTo("admin");
    });
  }

  @Test
  void searchAndTheThreeSixtyShowTheCustomer() throws Exception {
    String name = "Zed" + UUID.randomUUID().toString().substring(0, 6);
    TestUser target = users.user().displayName(name).funded(12_345).create();
    SupportCase opened = support.open(new NewCase(target.id(), target.email(), "en",
        CaseCategory.PAYMENT_FAILED, CasePriority.NORMAL, "Top-up failed", "It failed",
        null, "test:" + UUID.randomUUID(), "web"));
    JsonNode byName = http.read(ok(http.send("GET", BASE + "?q=" + name.toLowerCase(), null,
        agent.token(), null)));
    assertThat(byName.get("customers")).hasSize(1);
    assertThat(byName.at("/customers/0/id").asString()).isEqualTo(target.id().toString());
    JsonNode byEmail = http.read(ok(http.send("GET", BASE + "?q="
        + target.email().substring(0, 10), null, agent.token(), null)));
    assertThat(byEmail.get("customers").findValuesAsString("email")).contains(target.email());
    problem(http.send("GET", BASE + "?q=a", null, agent.token(), null), 400,
        "validation_failed");
    // LIKE wildcards are text, not patterns.
    assertThat(http.read(ok(http.send("GET", BASE + "?q=%25%25", null, agent.token(), null)))
        .get("customers")).isEmpty();

    JsonNode c = http.read(ok(http.send("GET", BASE + "/" + target.id(), null,
        agent.token(), null)));
    assertThat(c.at("/profile/email").asString()).isEqualTo(target.email());
    assertThat(c.at("/profile/freeze").isNull() || c.at("/profile/freeze").isMissingNode())
        .isTrue();
    assertThat(c.get("balances").get(0).at("/balance/amountMinor").asLong()).isEqualTo(12_345);
    assertThat(c.get("cards").get(0).get("last4").asString()).isEqualTo("4242");
    assertThat(c.get("cards").get(0).has("number")).isFalse();
    assertThat(c.get("transactions")).isNotEmpty();
    assertThat(c.get("signIns")).isNotEmpty();
    assertThat(c.at("/devices/liveSessions")).isNotEmpty();
    assertThat(c.at("/cases/0/reference").asString()).isEqualTo(opened.reference());
    assertThat(auditOf(target.id())).anySatisfy(e -> assertThat(e.action())
        .isEqualTo("support.customer_viewed"));
  }

  // ---- helpers ----

  record Endpoint(String method, String path, Map<String, Object> body, boolean adminOnly) {
  }

  private List<Endpoint> endpoints(TestUser target) {
    String one = BASE + "/" + target.id();
    return List.of(
        new Endpoint("GET", BASE + "?q=" + target.email().substring(0, 8), null, false),
        new Endpoint("GET", one, null, false),
        new Endpoint("POST", one + "/unlock", body("matrix"), false),
        new Endpoint("POST", one + "/unfreeze", body("matrix"), false),
        new Endpoint("POST", one + "/resend-verification", body("matrix"), false),
        new Endpoint("POST", one + "/reset-two-factor",
            body("matrix", SupportActionsApi.TWO_FACTOR_CHECKLIST), true),
        new Endpoint("POST", one + "/force-password-reset", body("matrix"), false),
        // Last: a freeze leaves the target frozen for nobody else in this test.
        new Endpoint("POST", one + "/freeze", body("matrix"), false));
  }

  private HttpResponse<String> call(Endpoint e, TestUser as) throws Exception {
    return http.send(e.method(), e.path(), e.body(), as.token(), null);
  }

  private HttpResponse<String> post(TestUser as, UUID userId, String action,
      Map<String, Object> body) throws Exception {
    return http.send("POST", BASE + "/" + userId + "/" + action, body, as.token(), null);
  }

  private static Map<String, Object> body(String reason) {
    return Map.of("reason", reason);
  }

  private static Map<String, Object> body(String reason, List<String> ticked) {
    Map<String, Object> checklist = new LinkedHashMap<>();
    ticked.forEach(item -> checklist.put(item, true));
    return Map.of("reason", reason, "checklist", checklist);
  }

  private HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private JsonNode problem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = http.read(response);
    assertThat(body.get("code").asString()).isEqualTo(code);
    return body;
  }

  private List<AuditEntry> auditOf(UUID userId) {
    return audit.events(new AuditQuery("support.", null, "user", userId.toString(), null, null,
        null, null, AuditQuery.LIMIT_MAX)).entries();
  }
}
