package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResultCode;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * P2P payments settled in the recorder's transaction ({@link Settler}), one batch against the
 * real database: a funded payer's payment is recorded completed with both steps, its money
 * moved and its notices queued, on no work list; an unfunded payer's is recorded failed with
 * the ledger's reason, nothing moved, nothing counted against its limits, and the payer told;
 * the funded payer's key sent again is a duplicate that moves nothing more.
 */
@OkPayTest
class SettlerTest {

  static final Currency USD = Currency.getInstance("USD");

  @Autowired Recorder recorder;
  @Autowired Settler settler;
  @Autowired LedgerAccounts accounts;
  @Autowired LedgerApi ledger;
  @Autowired TransactionStore store;
  @Autowired JdbcClient jdbc;

  @Test
  void aBatchCompletesWhatTheLedgerTakesAndFailsWhatItRefuses() {
    CurrentUser funded = payer();
    CurrentUser poor = payer();
    Contact friend = friend();
    fund(funded, 1_000);
    long friendWallet = accounts.wallet(friend.userId(), USD);

    List<Recording> batch = List.of(
        settler.prepared(recording(funded, "pay", 300, friend)),
        settler.prepared(recording(poor, "pay", 300, friend)),
        settler.prepared(recording(funded, "pay", 300, friend)));
    assertThat(batch).allMatch(Recording::settles);

    List<Recording.Outcome> outcomes = recorder.writeNow(batch);

    PaymentTransaction paid = ((Recording.Recorded) outcomes.get(0)).row();
    PaymentTransaction refused = ((Recording.Recorded) outcomes.get(1)).row();
    assertThat(outcomes.get(2)).isInstanceOf(Recording.Duplicate.class);

    assertThat(paid.state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(store.byId(paid.id()).orElseThrow()).isEqualTo(paid);
    assertThat(steps(paid.id())).containsExactly("created@" + paid.createdAt() + ":",
        "completed@" + paid.createdAt() + ":");
    assertThat(listed(paid.id())).as("a completed P2P payment is on no work list").isZero();
    assertThat(balance(accounts.wallet(funded.userId(), USD))).isEqualTo(700);
    assertThat(balance(friendWallet)).isEqualTo(300);
    assertThat(ledger.findTransfer(Legs.id(paid, "send"))).isPresent();
    assertThat(notices(paid.id())).as("sent, received in-app and received by e-mail")
        .isEqualTo(3);
    assertThat(counted(funded)).isEqualTo(300);

    assertThat(refused.state()).isEqualTo(TransactionState.FAILED);
    assertThat(refused.failureCode()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS.code());
    assertThat(store.byId(refused.id()).orElseThrow()).isEqualTo(refused);
    assertThat(steps(refused.id())).containsExactly("created@" + refused.createdAt() + ":",
        "failed@" + refused.createdAt() + ":" + Settler.LEDGER_REFUSED);
    assertThat(listed(refused.id())).isZero();
    assertThat(ledger.findTransfer(Legs.id(refused, "send"))).isEmpty();
    assertThat(balance(accounts.wallet(poor.userId(), USD))).isZero();
    assertThat(counted(poor)).as("a failed payment takes nothing of the limits").isZero();
    assertThat(notices(refused.id())).as("the payer told in-app and by e-mail").isEqualTo(2);
  }

  @Test
  void aRailPaymentOrAnUnpreparedOneIsOnlyRecorded() {
    CurrentUser funded = payer();
    fund(funded, 1_000);
    Recording plain = recording(funded, "plain", 100, friend());

    List<Recording.Outcome> outcomes = recorder.writeNow(List.of(plain));

    PaymentTransaction row = ((Recording.Recorded) outcomes.getFirst()).row();
    assertThat(row.state()).isEqualTo(TransactionState.CREATED);
    assertThat(listed(row.id())).as("created: the reconciliation watches it").isEqualTo(1);
    assertThat(balance(accounts.wallet(funded.userId(), USD))).isEqualTo(1_000);
  }

  private void fund(CurrentUser user, long minor) {
    long source = accounts.system(org.okpay.payments.AccountKind.CARD_RAIL.key(), USD);
    assertThat(ledger.transfer(TransferRequest.posted(UUID.randomUUID(), source,
        accounts.wallet(user.userId(), USD), minor, USD, "test", null)).code())
        .isEqualTo(TransferResultCode.OK);
  }

  private long balance(long account) {
    return ledger.account(account).orElseThrow().balanceMinor();
  }

  /** Each step as step@time:detail, in order. */
  private List<String> steps(UUID id) {
    return store.steps(id).stream()
        .map(s -> s.step() + "@" + s.at() + ":" + (s.detail() == null ? "" : s.detail()))
        .toList();
  }

  private long listed(UUID id) {
    return jdbc.sql("select count(*) from payments.work_list where transaction_id = :id")
        .param("id", id).query(Long.class).single();
  }

  /** What the user's P2P payments take of today's limit. */
  private long counted(CurrentUser user) {
    return jdbc.sql("""
        select coalesce(sum(amount_minor), 0) from payments.limit_usage
         where user_id = :user and operation = 'p2p'
        """).param("user", user.userId()).query(Long.class).single();
  }

  /** E-mails queued in the outbox and in-app notifications written, by their dedup keys. */
  private long notices(UUID id) {
    return jdbc.sql("""
        select (select count(*) from notify.outbox where dedup_key like :prefix)
             + (select count(*) from notify.notifications where dedup_key like :prefix)
        """).param("prefix", "payments:" + id + ":%").query(Long.class).single();
  }

  private static Recording recording(CurrentUser payer, String key, long amountMinor,
      Contact friend) {
    PaymentPlan plan = new PaymentPlan("p2p", true, amountMinor, USD, 0, null, null, null, null,
        null, null, friend, null, "Friend", null, null, amountMinor);
    return new Recording(payer, key, "hash-" + key, plan,
        new RiskCheck.Assessment(List.of(), RiskCheck.Action.NONE), UUID.randomUUID());
  }

  private static CurrentUser payer() {
    UUID id = UUID.randomUUID();
    return new CurrentUser(id, id + "@example.com", "Payer", Role.CUSTOMER, "en", true, null,
        "US");
  }

  private static Contact friend() {
    UUID id = UUID.randomUUID();
    return new Contact(id, "friend-" + id + "@example.com", "Friend", "en", true, null);
  }
}
