package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reversals over real HTTP against real PostgreSQL and the real ledger: at or below the threshold
 * the money goes back at once, above it only after a second person approves (the API and the
 * database both refuse a self-approval), concurrent approvals move the money once, a recipient
 * without the money is refused with nothing moved, customers reach no endpoint.
 */
@OkPayTest
class ReversalsApiTest {

  private static final String BASE = "/api/v1/admin/reversals";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired NotifyApi notify;
  @Autowired JdbcClient jdbc;
  @Autowired org.okpay.audit.AuditApi audit;

  ReversalHttp http;
  ReversalMoney money;

  @BeforeEach
  void setUp() {
    http = new ReversalHttp(port, json);
    money = new ReversalMoney(payments, ledger);
  }

  @Test
  void atOrBelowTheThresholdTheMoneyGoesBackAtOnceAndBothSeeIt() throws Exception {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser payer = ReversalMoney.funded(users, 30_000);
    TestUser recipient = ReversalMoney.plain(users);
    UUID paid = money.pay(payer, recipient, 10_000); // exactly the threshold: no second approval
    long payerBefore = money.balance(payer);
    long recipientBefore = money.balance(recipient);

    HttpResponse<String> r = request(agent, paid, "Sent to the wrong person", "k-1");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = http.read(r);
    assertThat(body.get("status").asString()).isEqualTo("executed");
    assertThat(body.get("secondApprovalRequired").asBoolean()).isFalse();
    UUID reversalTx = UUID.fromString(body.get("reversalTransactionId").asString());

    assertThat(money.balance(payer)).isEqualTo(payerBefore + 10_000);
    assertThat(money.balance(recipient)).isEqualTo(recipientBefore - 10_000);
    money.assertInvariants();

    // Both see it in their history with its tracker: the payer as money in, the recipient out.
    TransactionView payerView = payments.transaction(payer.id(), reversalTx).orElseThrow();
    assertThat(payerView.operationKey()).isEqualTo("reversal");
    assertThat(payerView.state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(payerView.incoming()).isTrue();
    assertThat(payerView.steps()).extracting(TransactionView.Step::step).contains("completed");
    TransactionView recipientView = payments.transaction(recipient.id(), reversalTx)
        .orElseThrow();
    assertThat(recipientView.incoming()).isFalse();
    assertThat(recipientView.counterparty()).isEqualTo(payer.email());
    assertThat(payments.history(payer.id(), PaymentsApi.HistoryFilter.none(), null, 10)
        .transactions()).extracting(TransactionView::id).contains(reversalTx);
    assertThat(payments.history(recipient.id(), PaymentsApi.HistoryFilter.none(), null, 10)
        .transactions()).extracting(TransactionView::id).contains(reversalTx);

    // Notices to both, linking to the reversal's tracker.
    // (written by the outbox dispatcher after the commit, in batches)
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(notify.notifications(payer.id().toString(), 20)).anySatisfy(n -> {
        assertThat(n.template()).isEqualTo(InAppTemplate.MONEY_RETURNED);
        assertThat(n.link()).endsWith(reversalTx.toString());
      });
      assertThat(notify.notifications(recipient.id().toString(), 20)).anySatisfy(n -> {
        assertThat(n.template()).isEqualTo(InAppTemplate.REFUND_UPDATE);
        assertThat(n.link()).endsWith(reversalTx.toString());
      });
    });

    // The same key and body is the same request; the same key with another body is refused.
    HttpResponse<String> again = request(agent, paid, "Sent to the wrong person", "k-1");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(http.read(again).get("id").asString()).isEqualTo(body.get("id").asString());
    assertThat(code(request(agent, paid, "Another reason", "k-1")))
        .isEqualTo("idempotency_key_reused");
    // A transaction is reversed at most once, whoever asks.
    TestUser other = users.user().role(Role.ADMIN).create();
    assertThat(code(request(other, paid, "Again", "k-2"))).isEqualTo("reversal_exists");
    assertThat(money.balance(payer)).isEqualTo(payerBefore + 10_000);
    money.assertInvariants();
  }

  @Test
  void aboveTheThresholdOnlyASecondPersonApprovesAndTheDatabaseRefusesASelfApproval()
      throws Exception {
    TestUser first = users.user().role(Role.AGENT).create();
    TestUser second = users.user().role(Role.AGENT).create();
    TestUser payer = ReversalMoney.funded(users, 50_000);
    TestUser recipient = ReversalMoney.plain(users);
    UUID paid = money.pay(payer, recipient, 20_000);
    long payerBefore = money.balance(payer);
    long recipientBefore = money.balance(recipient);

    HttpResponse<String> r = request(first, paid, "Customer reported fraud", "k-above");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode pending = http.read(r);
    assertThat(pending.get("status").asString()).isEqualTo("pending_approval");
    assertThat(pending.get("secondApprovalRequired").asBoolean()).isTrue();
    String id = pending.get("id").asString();
    assertThat(money.balance(payer)).isEqualTo(payerBefore);

    // The requester cannot approve through the API ...
    HttpResponse<String> own = decide(first, id, "approve", "I checked it myself");
    assertThat(own.statusCode()).isEqualTo(403);
    assertThat(http.read(own).get("code").asString()).isEqualTo("reversal_own_approval");
    // ... nor through the database, however the row is written.
    assertThatThrownBy(() -> jdbc.sql("""
        update support.reversal_requests set approved_by = requested_by, status = 'approved'
         where id = :id""").param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("reversal_not_own_approval");
    assertThatThrownBy(() -> jdbc.sql("""
        update support.reversal_requests set approved_by = requested_by where id = :id""")
        .param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class);
    // An approval without an approver above the threshold is refused too.
    assertThatThrownBy(() -> jdbc.sql("""
        update support.reversal_requests set status = 'approved' where id = :id""")
        .param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("reversal_second_approval");
    // The status moves only forward: not from pending straight to executed.
    assertThatThrownBy(() -> jdbc.sql("""
        update support.reversal_requests set status = 'executed' where id = :id""")
        .param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(http.read(http.get(BASE + "/" + id, first.token())).get("status").asString())
        .isEqualTo("pending_approval");
    assertThat(money.balance(payer)).isEqualTo(payerBefore);

    // A reason is required for the decision.
    assertThat(code(decide(second, id, "approve", " "))).isEqualTo("validation_failed");

    HttpResponse<String> ok = decide(second, id, "approve", "Fraud confirmed with the payer");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonNode done = http.read(ok);
    assertThat(done.get("status").asString()).isEqualTo("executed");
    assertThat(done.get("approvedBy").asString()).isEqualTo(second.id().toString());
    assertThat(money.balance(payer)).isEqualTo(payerBefore + 20_000);
    assertThat(money.balance(recipient)).isEqualTo(recipientBefore - 20_000);

    // Approving twice moves nothing more; an executed request is never changed again.
    assertThat(code(decide(second, id, "approve", "Again"))).isEqualTo("reversal_not_pending");
    assertThat(code(decide(second, id, "reject", "Too late"))).isEqualTo("reversal_not_pending");
    assertThatThrownBy(() -> jdbc.sql("""
        update support.reversal_requests set reason = 'rewritten' where id = :id""")
        .param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(() -> jdbc.sql("delete from support.reversal_requests where id = :id")
        .param("id", UUID.fromString(id)).update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(money.balance(payer)).isEqualTo(payerBefore + 20_000);
    money.assertInvariants();

    // Every step is in the audit log, with who did it and why.
    List<org.okpay.audit.AuditEntry> trail = audit.events(new org.okpay.audit.AuditQuery(
        "support.reversal", null, "transaction", paid.toString(), null, null, null, null, 50))
        .entries();
    assertThat(trail).extracting(org.okpay.audit.AuditEntry::action).contains(
        "support.reversal_requested", "support.reversal_approved", "support.reversal_executed");
    assertThat(trail).filteredOn(e -> e.action().equals("support.reversal_approved"))
        .singleElement().satisfies(e -> {
          assertThat(e.actorId()).isEqualTo(second.id().toString());
          assertThat(e.reason()).isEqualTo("Fraud confirmed with the payer");
        });

    // The list by status shows it as executed.
    JsonNode executed = http.read(http.get(BASE + "?status=executed&limit=200", second.token()));
    assertThat(executed.get("reversals").valueStream().map(n -> n.get("id").asString()))
        .contains(id);
    assertThat(code(http.get(BASE + "?status=nonsense", second.token())))
        .isEqualTo("validation_failed");
  }

  @Test
  void concurrentApprovalsMoveTheMoneyOnce() throws Exception {
    TestUser requester = users.user().role(Role.AGENT).create();
    List<TestUser> approvers = List.of(users.user().role(Role.AGENT).create(),
        users.user().role(Role.AGENT).create(), users.user().role(Role.ADMIN).create());
    TestUser payer = ReversalMoney.funded(users, 50_000);
    TestUser recipient = ReversalMoney.plain(users);
    UUID paid = money.pay(payer, recipient, 25_000);
    long payerBefore = money.balance(payer);
    String id = http.read(request(requester, paid, "Duplicate payment", "k-race")).get("id")
        .asString();

    int n = 6; // each approver twice
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestUser approver = approvers.get(i % approvers.size());
      answers.add(pool.submit(() -> {
        start.await();
        return decide(approver, id, "approve", "Checked");
      }));
    }
    start.countDown();
    int approved = 0;
    for (Future<HttpResponse<String>> f : answers) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        approved++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(http.read(r).get("code").asString()).isEqualTo("reversal_not_pending");
      }
    }
    pool.shutdown();
    assertThat(approved).isEqualTo(1);
    assertThat(money.balance(payer)).isEqualTo(payerBefore + 25_000);
    assertThat(jdbc.sql("""
        select count(*) from payments.transactions
         where operation = 'reversal' and counterparty_user_id = :payer""")
        .param("payer", payer.id()).query(Long.class).single()).isEqualTo(1);
    money.assertInvariants();
  }

  @Test
  void aRecipientWithoutTheMoneyIsRefusedAndNothingMoves() throws Exception {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser approver = users.user().role(Role.AGENT).create();
    TestUser payer = ReversalMoney.funded(users, 60_000);
    TestUser recipient = ReversalMoney.plain(users);
    TestUser elsewhere = ReversalMoney.plain(users);
    UUID small = money.pay(payer, recipient, 5_000);
    UUID large = money.pay(payer, recipient, 20_000);

    // Asked while the money is there (above the threshold: waits for approval) ...
    String id = http.read(request(agent, large, "Fraud", "k-funds")).get("id").asString();
    // ... then the recipient spends it.
    money.pay(recipient, elsewhere, 24_000);
    long payerBefore = money.balance(payer);
    long recipientBefore = money.balance(recipient);

    HttpResponse<String> refused = decide(approver, id, "approve", "Fraud confirmed");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(http.read(refused).get("code").asString())
        .isEqualTo("reversal_insufficient_funds");
    // Nothing changed: still waiting, no money moved, no reversal transaction.
    assertThat(http.read(http.get(BASE + "/" + id, agent.token())).get("status").asString())
        .isEqualTo("pending_approval");
    HttpResponse<String> direct = request(agent, small, "Wrong amount", "k-funds-2");
    assertThat(code(direct)).isEqualTo("reversal_insufficient_funds");
    assertThat(money.balance(payer)).isEqualTo(payerBefore);
    assertThat(money.balance(recipient)).isEqualTo(recipientBefore);
    assertThat(jdbc.sql("""
        select count(*) from payments.transactions where operation = 'reversal'
           and user_id = :recipient""").param("recipient", recipient.id())
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("""
        select count(*) from support.reversal_requests where transaction_id = :tx""")
        .param("tx", small).query(Long.class).single()).isZero();
    money.assertInvariants();
  }

  @Test
  void customersReachNoReversalEndpoint() throws Exception {
    TestUser customer = ReversalMoney.funded(users, 30_000);
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser recipient = ReversalMoney.plain(users);
    UUID paid = money.pay(customer, recipient, 20_000);
    String id = http.read(request(agent, paid, "Check", "k-perm")).get("id").asString();
    long before = money.balance(customer);

    List<HttpResponse<String>> answers = List.of(
        request(customer, paid, "Give it back", "k-c1"),
        http.get(BASE, customer.token()),
        http.get(BASE + "?status=pending_approval", customer.token()),
        http.get(BASE + "/" + id, customer.token()),
        decide(customer, id, "approve", "Mine"),
        decide(customer, id, "reject", "Mine"));
    // The operator API's guard (shared.AdminApiGuard) answers a signed-in user whose role no
    // staff rule opens the path to with 403 (StaffRulesTest pins this for every module); the
    // request never reaches reversals.
    for (HttpResponse<String> r : answers) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertThat(http.read(r).get("code").asString()).isEqualTo("forbidden");
    }
    // The pages answer a signed-in customer 403.
    String session = users.webSession(customer);
    for (String page : List.of("/admin/reversals", "/admin/reversals/new?transaction=" + paid,
        "/admin/reversals/" + id)) {
      HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(
              "http://127.0.0.1:" + port + page))
              .header("Cookie", org.okpay.identity.IdentityApi.SESSION_COOKIE + "=" + session)
              .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(page).isEqualTo(403);
    }
    // Signed out: 401 everywhere.
    assertThat(http.get(BASE, null).statusCode()).isEqualTo(401);
    assertThat(http.read(http.get(BASE + "/" + id, agent.token())).get("status").asString())
        .isEqualTo("pending_approval");
    assertThat(money.balance(customer)).isEqualTo(before);
  }

  private HttpResponse<String> request(TestUser staff, UUID transactionId, String reason,
      String key) throws Exception {
    return http.send("POST", BASE, Map.of("transactionId", transactionId.toString(), "reason",
        reason), staff.token(), key);
  }

  private HttpResponse<String> decide(TestUser staff, String id, String verb, String reason)
      throws Exception {
    return http.send("POST", BASE + "/" + id + "/" + verb, Map.of("reason", reason),
        staff.token(), null);
  }

  private String code(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isGreaterThanOrEqualTo(400);
    return http.read(r).get("code").asString();
  }
}
