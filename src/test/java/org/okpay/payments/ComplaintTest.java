package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** "My money has not arrived": only once the expected time has passed, once, from the tracker. */
@OkPayTest
class ComplaintTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;
  @Autowired ConfigurableApplicationContext context;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void aComplaintWaitsForTheExpectedTimeThenIsRecordedOnce() throws Exception {
    List<PaymentComplaintFiled> filed = new CopyOnWriteArrayList<>();
    // Typed as any event: a lambda's generic type is erased, and Spring Modulith's persistent
    // multicaster does not skip a listener that cannot take an event.
    context.addApplicationListener((ApplicationListener<ApplicationEvent>) e -> {
      if (e instanceof PayloadApplicationEvent<?> p
          && p.getPayload() instanceof PaymentComplaintFiled complaint) {
        filed.add(complaint);
      }
    });
    User pat = money.user("USD");
    money.fund(pat, 30_000, "USD");
    String slow = money.addBankAccount(pat, "000444444440", "USD");
    JsonNode tx = money.read(money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", slow, "amountMinor", 10_000)));
    String id = tx.get("id").asString();
    String path = "/api/v1/me/transactions/" + id + "/complaints";

    HttpResponse<String> early = money.send("POST", path, Map.of("message", "Where is it?"),
        pat.token(), null);
    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    assertThat(money.read(early).get("code").asString()).isEqualTo("complaint_too_early");
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("delayed").asBoolean())
        .isFalse();

    // The bank is late: the expected time is moved into the past instead of waiting for it.
    jdbc.sql("""
        update payments.transactions set expected_at = now() - interval '1 hour' where id = :id
        """).param("id", UUID.fromString(id)).update();
    assertThat(money.get(pat, "/api/v1/me/transactions/" + id).get("delayed").asBoolean())
        .isTrue();

    HttpResponse<String> filedNow = money.send("POST", path,
        Map.of("message", "It has not arrived"), pat.token(), null);
    HttpResponse<String> again = money.send("POST", path, Map.of("message", "Still not"),
        pat.token(), null);

    assertThat(filedNow.statusCode()).as(filedNow.body()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(money.read(again).get("code").asString()).isEqualTo("complaint_already_filed");
    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/" + id);
    assertThat(tracked.get("complaintFiled").asBoolean()).isTrue();
    assertThat(tracked.get("steps").findValuesAsString("step")).contains("complaint_filed");
    assertThat(filed).singleElement().satisfies(event -> {
      assertThat(event.transactionId()).isEqualTo(UUID.fromString(id));
      assertThat(event.message()).isEqualTo("It has not arrived");
    });
  }

  @Test
  void anEmptyComplaintIsRefusedWithTheField() throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, "4000000000000002");
    String id = money.read(money.post(pat, "/api/v1/me/topups", Map.of("cardId", card,
        "amountMinor", 100, "currency", "USD"))).get("transactionId").asString();

    HttpResponse<String> response = money.send("POST", "/api/v1/me/transactions/" + id
        + "/complaints", Map.of("message", " "), pat.token(), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(money.read(response).get("errors").get(0).get("field").asString())
        .isEqualTo("message");
  }
}
