package org.okpay.support.internal.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.PaymentComplaintFiled;
import org.okpay.payments.PaymentsApi;
import org.okpay.support.CaseCategory;
import org.okpay.support.CaseLink;
import org.okpay.support.CasePriority;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic cases: one urgent case per "my account was hacked" report and one high case per
 * complaint, however often the event is delivered, and the sweep that finds a complaint
 * without a case.
 */
@OkPayTest
class AutoCasesTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired SupportApi support;
  @Autowired AutoCases auto;
  @Autowired PaymentsApi payments;
  @Autowired ApplicationEventPublisher events;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void aCompromiseReportOpensOneUrgentCaseEvenDeliveredTwice() {
    TestUser pat = users.user().create();
    AccountCompromiseReported event = new AccountCompromiseReported(pat.id(), pat.email(),
        Instant.now().truncatedTo(ChronoUnit.MILLIS), "203.0.113.7");

    tx.executeWithoutResult(s -> events.publishEvent(event));
    tx.executeWithoutResult(s -> events.publishEvent(event));
    await().atMost(WAIT).until(() -> !support.casesOf(pat.id(), 10).isEmpty());
    auto.on(event);

    List<SupportCase> cases = support.casesOf(pat.id(), 10);
    assertThat(cases).singleElement().satisfies(c -> {
      assertThat(c.category()).isEqualTo(CaseCategory.ACCOUNT_SECURITY);
      assertThat(c.priority()).isEqualTo(CasePriority.URGENT);
      assertThat(Duration.between(c.openedAt(), c.answerBy())).isEqualTo(Duration.ofHours(1));
    });
    assertThat(jdbc.sql("select count(*) from support.cases where source_key = :k")
        .param("k", "compromise:" + pat.id() + ":" + event.at().toEpochMilli())
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aComplaintOpensOneHighCaseLinkedToTheTransactionAndTheSweepRestoresALostOne()
      throws Exception {
    TestUser pat = users.user().funded(30_000).create();
    MoneyFixture money = new MoneyFixture(port, json, users);
    MoneyFixture.User http = new MoneyFixture.User(pat.email(), pat.token());
    String slow = money.addBankAccount(http, "000444444440", "USD");
    String id = money.read(money.post(http, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", slow, "amountMinor", 10_000))).get("id").asString();
    UUID txId = UUID.fromString(id);
    jdbc.sql("update payments.transactions set expected_at = now() - interval '1 hour'"
        + " where id = :id").param("id", txId).update();
    HttpResponse<String> filed = money.send("POST", "/api/v1/me/transactions/" + id
        + "/complaints", Map.of("message", "Still not at my bank"), pat.token(), null);
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    UUID complaintId = UUID.fromString(money.read(filed).get("id").asString());

    await().atMost(WAIT).until(() -> !support.casesOf(pat.id(), 10).isEmpty());
    PaymentComplaintFiled event = new PaymentComplaintFiled(complaintId, txId, pat.id(),
        "Still not at my bank", Instant.now());
    auto.on(event);
    auto.on(event);

    assertThat(support.casesOf(pat.id(), 10)).singleElement().satisfies(c -> {
      assertThat(c.category()).isEqualTo(CaseCategory.MONEY_NOT_RECEIVED);
      assertThat(c.priority()).isEqualTo(CasePriority.HIGH);
      assertThat(c.link()).isEqualTo(new CaseLink("transaction", txId));
      assertThat(support.detailOf(pat.id(), c.id()).orElseThrow().messages())
          .extracting(SupportApi.Message::body).containsExactly("Still not at my bank");
    });

    // A crash lost the case (or the complaint is older than support): the sweep opens it.
    UUID caseId = support.casesOf(pat.id(), 1).get(0).id();
    for (String table : new String[] {"case_events", "case_messages"}) {
      jdbc.sql("delete from support." + table + " where case_id = :id").param("id", caseId)
          .update();
    }
    jdbc.sql("delete from support.cases where id = :id").param("id", caseId).update();
    assertThat(auto.sweepComplaints()).isGreaterThanOrEqualTo(1);
    auto.sweepComplaints();
    assertThat(support.casesOf(pat.id(), 10)).singleElement()
        .satisfies(c -> assertThat(c.link().id()).isEqualTo(txId));
  }
}
