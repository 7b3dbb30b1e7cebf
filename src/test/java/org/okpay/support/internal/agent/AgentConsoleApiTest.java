package org.okpay.support.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.okpay.payments.MoneyFixture;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.NewCase;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseMessage;
import org.okpay.support.internal.cases.CaseService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent console's API against real PostgreSQL: the queue's order and filters, who may use
 * which endpoint, internal notes that never reach the customer, canned replies in the case's
 * language, and the audit rows of agent actions.
 */
@OkPayTest
class AgentConsoleApiTest {

  private static final String CASES = "/api/v1/admin/support/cases";
  private static final String CANNED = "/api/v1/admin/support/canned-replies";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired CaseService cases;
  @Autowired JdbcClient jdbc;
  @Autowired DevMailbox mailbox;

  private MoneyFixture http() {
    return new MoneyFixture(port, json, users);
  }

  private SupportCase open(TestUser customer, CaseCategory category, CasePriority priority,
      String language) {
    return cases.open(new NewCase(customer.id(), customer.email(), language, category, priority,
        "Case " + UUID.randomUUID(), "Where is my money?", null,
        "test:" + UUID.randomUUID(), "web"));
  }

  private JsonNode ok(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body().isEmpty() ? null : json.readTree(response.body());
  }

  /** Every page of the queue with these filters, in order (bounded). */
  private List<String> queueIds(TestUser agent, String query) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int offset = 0; offset < 5_000; offset += 100) {
      JsonNode page = ok(http().send("GET", CASES + "?limit=100&offset=" + offset
          + (query.isEmpty() ? "" : "&" + query), null, agent.token(), null), 200);
      page.get("items").forEach(i -> ids.add(i.get("supportCase").get("id").asString()));
      if (!page.get("more").asBoolean()) {
        return ids;
      }
    }
    throw new AssertionError("queue longer than 5000");
  }

  private static List<String> only(List<String> ids, SupportCase... mine) {
    List<String> wanted = java.util.Arrays.stream(mine).map(c -> c.id().toString()).toList();
    return ids.stream().filter(wanted::contains).toList();
  }

  @Test
  void anAgentRecordsHowACallBackEndedOnceAndItIsAudited() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    SupportCase c = open(customer, CaseCategory.OTHER, CasePriority.NORMAL, "en");
    Map<String, Object> window = Map.of("phone", "+8613800138000",
        "windowStart", java.time.Instant.now().plusSeconds(3_600).toString(),
        "windowEnd", java.time.Instant.now().plusSeconds(7_200).toString());
    ok(http().send("POST", "/api/v1/me/support/cases/" + c.id() + "/callback", window,
        customer.token(), null), 201);
    JsonNode detail = ok(http().send("GET", CASES + "/" + c.id(), null, agent.token(), null), 200);
    JsonNode callback = detail.get("callbacks").get(0);
    assertThat(callback.get("state").asString()).isEqualTo("requested");
    String path = CASES + "/" + c.id() + "/callbacks/" + callback.get("id").asString();

    assertThat(http().send("POST", path, Map.of("state", "done"), customer.token(), null)
        .statusCode()).as("customers may not").isEqualTo(403);
    ok(http().send("POST", path, Map.of("state", "done"), agent.token(), null), 204);
    JsonNode again = ok(http().send("POST", path, Map.of("state", "canceled"), agent.token(),
        null), 400);
    assertThat(again.get("code").asString()).isEqualTo("validation_failed");
    assertThat(ok(http().send("GET", CASES + "/" + c.id(), null, agent.token(), null), 200)
        .get("callbacks").get(0).get("state").asString()).isEqualTo("done");
    assertThat(jdbc.sql("""
        select count(*) from audit.events where action = 'support.callback_done'
           and subject_id = :case""").param("case", c.id().toString())
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void theQueueIsBreachedFirstThenBySoonestDueTimeAndFilters() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    SupportCase normal = open(customer, CaseCategory.OTHER, CasePriority.NORMAL, "en");
    SupportCase urgent = open(customer, CaseCategory.ACCOUNT_SECURITY, CasePriority.URGENT, "en");
    SupportCase high = open(customer, CaseCategory.REFUND, CasePriority.HIGH, "en");
    SupportCase breached = open(customer, CaseCategory.OTHER, CasePriority.NORMAL, "en");
    SupportCase warning = open(customer, CaseCategory.MONEY_NOT_RECEIVED, CasePriority.NORMAL,
        "en");
    // The SLA job sets these states as the clocks run (tested by the cases part); here they are
    // set directly, to see where the queue puts such cases.
    jdbc.sql("update support.cases set sla_state = 'breached' where id = :id")
        .param("id", breached.id()).update();
    jdbc.sql("update support.cases set sla_state = 'warning' where id = :id")
        .param("id", warning.id()).update();

    assertThat(only(queueIds(agent, ""), normal, urgent, high, breached, warning))
        .as("breached first, then answer-by 1 h (urgent), 4 h (high), then the 24 h ones")
        .containsExactly(breached.id().toString(), urgent.id().toString(),
            high.id().toString(), normal.id().toString(), warning.id().toString());

    assertThat(only(queueIds(agent, "priority=urgent"), normal, urgent, high, breached, warning))
        .containsExactly(urgent.id().toString());
    assertThat(only(queueIds(agent, "category=refund"), normal, urgent, high, breached, warning))
        .containsExactly(high.id().toString());
    assertThat(only(queueIds(agent, "breach=breached"), normal, urgent, high, breached, warning))
        .containsExactly(breached.id().toString());
    assertThat(only(queueIds(agent, "breach=warning"), normal, urgent, high, breached, warning))
        .containsExactly(warning.id().toString());

    ok(http().send("POST", CASES + "/" + high.id() + "/assign", Map.of("toMe", true),
        agent.token(), null), 200);
    assertThat(queueIds(agent, "mine=true")).containsExactly(high.id().toString());

    ok(http().send("POST", CASES + "/" + normal.id() + "/status",
        Map.of("status", "resolved", "reason", "answered by phone"), agent.token(), null), 200);
    assertThat(only(queueIds(agent, ""), normal)).as("resolved leaves the active queue").isEmpty();
    assertThat(only(queueIds(agent, "status=resolved"), normal, urgent))
        .containsExactly(normal.id().toString());

    JsonNode page = ok(http().send("GET", CASES + "?priority=high&mine=true", null,
        agent.token(), null), 200);
    JsonNode item = page.get("items").get(0);
    assertThat(item.get("dueKind").asString()).isEqualTo("answer");
    assertThat(item.get("assigneeName").asString()).isEqualTo("Pat");

    for (String bad : List.of("priority=soon", "breach=late", "category=x", "status=done",
        "limit=101", "limit=0", "offset=-1", "offset=10001")) {
      HttpResponse<String> refused = http().send("GET", CASES + "?" + bad, null, agent.token(),
          null);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(json.readTree(refused.body()).get("code").asString())
          .isEqualTo("validation_failed");
    }
  }

  @Test
  void customersReachNoAgentEndpointAndAgentsDoNotManageCannedReplies() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser admin = users.user().role(Role.ADMIN).create();
    SupportCase own = open(customer, CaseCategory.OTHER, CasePriority.NORMAL, "en");
    String path = CASES + "/" + own.id();
    Map<String, Object> reply = Map.of("body", "hello");
    Map<String, Object> canned = Map.of("titleEn", "T " + UUID.randomUUID(), "titleZh", "标题",
        "bodyEn", "Hi {name}", "bodyZh", "您好 {name}");
    String cannedId = ok(http().send("POST", CANNED, canned, admin.token(), null), 201)
        .get("id").asString();

    List<Object[]> agentEndpoints = List.of(
        new Object[] {"GET", CASES, null},
        new Object[] {"GET", path, null},
        new Object[] {"GET", path + "/canned-replies", null},
        new Object[] {"POST", path + "/replies", reply},
        new Object[] {"POST", path + "/notes", reply},
        new Object[] {"POST", path + "/status", Map.of("status", "closed", "reason", "x")},
        new Object[] {"POST", path + "/priority", Map.of("priority", "urgent", "reason", "x")},
        new Object[] {"POST", path + "/assign", Map.of("toMe", true)});
    List<Object[]> adminEndpoints = List.of(
        new Object[] {"GET", CANNED, null},
        new Object[] {"GET", CANNED + "/" + cannedId, null},
        new Object[] {"POST", CANNED, canned},
        new Object[] {"PUT", CANNED + "/" + cannedId, canned},
        new Object[] {"DELETE", CANNED + "/" + cannedId, null});

    List<Object[]> all = new ArrayList<>(agentEndpoints);
    all.addAll(adminEndpoints);
    for (Object[] e : all) {
      HttpResponse<String> refused = http().send((String) e[0], (String) e[1], e[2],
          customer.token(), null);
      // A signed-in user whose role no staff rule opens the path to: 403 (shared AdminApiGuard).
      assertThat(refused.statusCode()).as("customer " + e[0] + " " + e[1]).isEqualTo(403);
    }
    for (Object[] e : adminEndpoints) {
      HttpResponse<String> refused = http().send((String) e[0], (String) e[1], e[2],
          agent.token(), null);
      assertThat(refused.statusCode()).as("agent " + e[0] + " " + e[1]).isEqualTo(403);
    }
    assertThat(cases.thread(own.id(), true)).as("nothing the refused calls asked for happened")
        .hasSize(1);
    assertThat(cases.anyCase(own.id()).orElseThrow().priority()).isEqualTo(CasePriority.NORMAL);

    ok(http().send("GET", path, null, agent.token(), null), 200);
    ok(http().send("GET", path + "/canned-replies", null, agent.token(), null), 200);
    ok(http().send("DELETE", CANNED + "/" + cannedId, null, admin.token(), null), 204);
    HttpResponse<String> gone = http().send("DELETE", CANNED + "/" + cannedId, null,
        admin.token(), null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json.readTree(gone.body()).get("code").asString())
        .isEqualTo("canned_reply_not_found");
  }

  @Test
  void internalNotesNeverReachTheCustomerNorTheirEmails() throws Exception {
    TestUser customer = users.user().create();
    TestUser agent = users.user().role(Role.AGENT).create();
    SupportCase c = open(customer, CaseCategory.MONEY_NOT_RECEIVED, CasePriority.HIGH, "en");
    String note = "note-" + UUID.randomUUID() + " customer sounded upset";
    String answer = "answer-" + UUID.randomUUID() + " your money arrived";

    JsonNode saved = ok(http().send("POST", CASES + "/" + c.id() + "/notes",
        Map.of("body", note), agent.token(), null), 201);
    assertThat(saved.get("internal").asBoolean()).isTrue();
    ok(http().send("POST", CASES + "/" + c.id() + "/replies", Map.of("body", answer),
        agent.token(), null), 201);

    JsonNode detail = ok(http().send("GET", CASES + "/" + c.id(), null, agent.token(), null),
        200);
    List<String> bodies = new ArrayList<>();
    detail.get("thread").forEach(m -> bodies.add(m.get("body").asString()
        + (m.get("internal").asBoolean() ? " [internal]" : "")));
    assertThat(bodies).contains(note + " [internal]", answer);
    assertThat(detail.get("supportCase").get("status").asString())
        .isEqualTo("waiting_on_customer");
    assertThat(detail.get("contact").get("email").asString()).isEqualTo(customer.email());

    HttpResponse<String> customerView = http().send("GET", "/api/v1/me/support/cases/" + c.id(),
        null, customer.token(), null);
    assertThat(customerView.statusCode()).isEqualTo(200);
    assertThat(customerView.body()).contains(answer).doesNotContain(note);
    assertThat(cases.thread(c.id(), false)).as("the customer's thread")
        .extracting(CaseMessage::body).contains(answer).doesNotContain(note);
    TestUsersAwait.until(() -> mailbox.latest(customer.email(), 50).stream()
        .anyMatch(m -> m.text().contains(answer)));
    List<MailboxMessage> mails = mailbox.latest(customer.email(), 50);
    assertThat(mails).isNotEmpty().allSatisfy(m -> {
      assertThat(m.text()).doesNotContain(note);
      assertThat(m.html()).doesNotContain(note);
    });
    assertThat(mails).filteredOn(m -> m.text().contains(answer)).singleElement()
        .satisfies(m -> assertThat(m.subject()).contains("[" + c.reference() + "]"));
  }

  @Test
  void cannedRepliesAreFilledInTheCaseLanguageAndAgentActionsAreAudited() throws Exception {
    TestUser customer = users.user().displayName("小明").create();
    TestUser agent = users.user().role(Role.AGENT).displayName("Ada").create();
    TestUser admin = users.user().role(Role.ADMIN).create();
    SupportCase zh = open(customer, CaseCategory.REFUND, CasePriority.NORMAL, "zh-CN");
    Map<String, Object> text = new HashMap<>(Map.of("titleEn", "Refund " + UUID.randomUUID(),
        "titleZh", "退款进度", "bodyEn", "Hello {name}, case {reference}.",
        "bodyZh", "{name}您好，工单 {reference} 已处理。—{agent}"));
    String id = ok(http().send("POST", CANNED, text, admin.token(), null), 201).get("id")
        .asString();
    text.put("bodyZh", "{name}您好 {unknown}");
    HttpResponse<String> unknown = http().send("PUT", CANNED + "/" + id, text, admin.token(),
        null);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json.readTree(unknown.body()).get("errors").get(0).get("field").asString())
        .isEqualTo("bodyZh");

    JsonNode choices = ok(http().send("GET", CASES + "/" + zh.id() + "/canned-replies", null,
        agent.token(), null), 200);
    String filled = "小明您好，工单 " + zh.reference() + " 已处理。—Ada";
    assertThat(choices.findValuesAsString("text")).contains(filled);

    JsonNode sent = ok(http().send("POST", CASES + "/" + zh.id() + "/replies",
        Map.of("cannedReplyId", id, "status", "resolved"), agent.token(), null), 201);
    assertThat(sent.get("body").asString()).isEqualTo(filled);
    assertThat(cases.anyCase(zh.id()).orElseThrow().status().code()).isEqualTo("resolved");

    ok(http().send("POST", CASES + "/" + zh.id() + "/notes", Map.of("body", "checked refund"),
        agent.token(), null), 201);
    ok(http().send("POST", CASES + "/" + zh.id() + "/priority",
        Map.of("priority", "high", "reason", "customer waited twice"), agent.token(), null), 200);
    ok(http().send("POST", CASES + "/" + zh.id() + "/assign", Map.of("toMe", true),
        agent.token(), null), 200);
    HttpResponse<String> noReason = http().send("POST", CASES + "/" + zh.id() + "/status",
        Map.of("status", "closed"), agent.token(), null);
    assertThat(noReason.statusCode()).as("a status change needs a reason").isEqualTo(400);

    List<Map<String, Object>> audit = jdbc.sql("""
        select action, actor_type, actor_id, reason from audit.events
         where subject_type = 'case' and subject_id = :id order by at, seq""")
        .param("id", zh.id().toString()).query().listOfRows();
    assertThat(audit).extracting(r -> r.get("action")).contains("support.case_replied",
        "support.case_note", "support.case_priority", "support.case_assigned");
    assertThat(audit).allSatisfy(r -> {
      assertThat(r.get("actor_type")).isEqualTo("agent");
      assertThat(r.get("actor_id")).isEqualTo(agent.id().toString());
    });
    assertThat(audit).filteredOn(r -> "support.case_priority".equals(r.get("action")))
        .singleElement().satisfies(r -> assertThat(r.get("reason"))
            .isEqualTo("customer waited twice"));
  }

  /** Bounded waits for what the outbox delivers just after a commit. */
  static final class TestUsersAwait {
    static void until(java.util.concurrent.Callable<Boolean> condition) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .pollInterval(java.time.Duration.ofMillis(50)).until(condition);
    }
  }
}
