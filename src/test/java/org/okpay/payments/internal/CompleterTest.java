package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.Role;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The completer of the request path (group commit of the second transaction) against the real
 * database: in one batch, the payments still in created move to completed with their step and
 * their notices; one another caller moved first is left alone, gets no second step and no
 * second notices, and answers "not moved" as {@code Mover.moved} does.
 */
@OkPayTest
class CompleterTest {

  static final Currency USD = Currency.getInstance("USD");

  @Autowired Recorder recorder;
  @Autowired Completer completer;
  @Autowired TransactionStore store;
  @Autowired JdbcClient jdbc;

  @Test
  void movesWhatIsStillCreatedWithItsStepAndNoticesInOneBatch() {
    List<Completer.Completing> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(recorded());
    }
    PaymentTransaction first = batch.getFirst().t();
    assertThat(store.moveWithStep(first.id(), TransactionState.CREATED,
        TransactionState.COMPLETED, null, TrackerStep.COMPLETED, null, Instant.now())).isTrue();

    List<Optional<Instant>> outcomes = completer.writeNow(batch);

    assertThat(outcomes.getFirst()).as("moved by another caller first").isEmpty();
    assertThat(steps(first.id())).containsExactly("created", "completed");
    assertThat(notices(first.id())).as("its notices are the other caller's to send").isZero();
    for (int i = 1; i < batch.size(); i++) {
      PaymentTransaction t = batch.get(i).t();
      Instant at = outcomes.get(i).orElseThrow();
      PaymentTransaction now = store.byId(t.id()).orElseThrow();
      assertThat(now.state()).isEqualTo(TransactionState.COMPLETED);
      assertThat(now.updatedAt()).isEqualTo(at);
      assertThat(steps(t.id())).containsExactly("created", "completed");
      assertThat(notices(t.id())).as("sent, received in-app and received by e-mail")
          .isEqualTo(3);
    }
  }

  private Completer.Completing recorded() {
    UUID payerId = UUID.randomUUID();
    CurrentUser payer = new CurrentUser(payerId, payerId + "@example.com", "Payer",
        Role.CUSTOMER, "en", true, null, "US");
    Contact friend = new Contact(UUID.randomUUID(), "friend-" + payerId + "@example.com",
        "Friend", "en", true, null);
    PaymentPlan plan = new PaymentPlan("p2p", true, 100, USD, 0, null, null, null, null, null,
        null, friend, null, "Friend", null, null, 100);
    Recording r = new Recording(payer, "k", "hash", plan,
        new RiskCheck.Assessment(List.of(), RiskCheck.Action.NONE), UUID.randomUUID());
    Recording.Outcome outcome = recorder.record(r);
    PaymentTransaction row = ((Recording.Recorded) outcome).row();
    Contact self = new Contact(payerId, payer.email(), "Payer", "en", true, null);
    return new Completer.Completing(row, Map.of(payerId, self, friend.userId(), friend));
  }

  private List<String> steps(UUID id) {
    return store.steps(id).stream().map(s -> s.step()).toList();
  }

  /** E-mails queued in the outbox and in-app notifications written, by their dedup keys. */
  private long notices(UUID id) {
    return jdbc.sql("""
        select (select count(*) from notify.outbox where dedup_key like :prefix)
             + (select count(*) from notify.notifications where dedup_key like :prefix)
        """).param("prefix", "payments:" + id + ":%").query(Long.class).single();
  }
}
