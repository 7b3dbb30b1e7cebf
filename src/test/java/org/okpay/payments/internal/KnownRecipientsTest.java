package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pairs the risk check holds as "paid before" ({@link KnownRecipients}): a P2P payment the
 * recorder completed is held from its commit on, and the preview stops calling its recipient
 * new; a recipient not paid, or paid the other way round, is not held and is still asked of
 * the database; a failed payment and a completed one of a type that can be returned are not
 * held, because the database's answer for them can be no.
 */
@OkPayTest
class KnownRecipientsTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired KnownRecipients known;

  @Test
  void aCompletedPaymentsRecipientIsKnownFromItsCommitOn() throws Exception {
    TestUser alice = users.user().funded(10_000).create();
    TestUser bob = users.user().create();
    TestUser carol = users.user().create();
    MoneyFixture money = new MoneyFixture(port, json, users);
    MoneyFixture.User payer = new MoneyFixture.User(alice.email(), alice.token());
    assertThat(reasons(money, payer, bob)).contains("new_recipient");
    assertThat(known.paid(alice.id(), bob.id())).isFalse();

    HttpResponse<String> paid = money.post(payer, "/api/v1/me/transfers",
        Map.of("recipientEmail", bob.email(), "amountMinor", 100, "currency", "USD"));
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    assertThat(money.read(paid).get("state").asString()).isEqualTo("completed");

    assertThat(known.paid(alice.id(), bob.id())).isTrue();
    assertThat(reasons(money, payer, bob)).doesNotContain("new_recipient");
    assertThat(known.paid(bob.id(), alice.id())).as("the other way round").isFalse();
    assertThat(known.paid(alice.id(), carol.id())).isFalse();
    assertThat(reasons(money, payer, carol)).contains("new_recipient");
  }

  @Test
  void aPaymentTheDatabaseMayNotCountIsNotHeld() {
    UUID payer = UUID.randomUUID();
    UUID recipient = UUID.randomUUID();
    PaymentTransaction p2p = row(payer, recipient, Operation.P2P.key(),
        TransactionState.COMPLETED);

    known.committed(p2p.withState(TransactionState.FAILED));
    assertThat(known.paid(payer, recipient)).as("failed").isFalse();
    known.committed(row(payer, recipient, Operation.WITHDRAWAL.key(),
        TransactionState.COMPLETED));
    assertThat(known.paid(payer, recipient)).as("completed, but can be returned").isFalse();
    known.committed(p2p);
    assertThat(known.paid(payer, recipient)).isTrue();
  }

  private static List<String> reasons(MoneyFixture money, MoneyFixture.User payer, TestUser to)
      throws Exception {
    HttpResponse<String> preview = money.send("POST", "/api/v1/me/transfers/preview",
        Map.of("recipientEmail", to.email(), "amountMinor", 100, "currency", "USD"),
        payer.token(), null);
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    JsonNode body = money.read(preview);
    return body.get("riskReasons").valueStream().map(JsonNode::asString).toList();
  }

  private static PaymentTransaction row(UUID payer, UUID recipient, String operation,
      TransactionState state) {
    Instant now = Instant.now();
    return new PaymentTransaction(UUID.randomUUID(), payer, operation, state, 100,
        Currency.getInstance("USD"), 0, null, null, null, null, null, null, recipient, "someone",
        null, null, null, null, null, 100, List.of(), null, "key", "hash", now, now);
  }
}
