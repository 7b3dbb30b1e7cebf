package org.okpay.support.internal.reversals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A process that stopped between approving a request and moving its money: the resume job
 * carries the approved request out once (a second run, or a late caller, moves nothing more),
 * and one the recipient can no longer pay fails with its code, nothing moved, leaving room for a
 * new request.
 */
@OkPayTest
class ReversalResumeTest {

  private static final Currency USD = Currency.getInstance("USD");

  @Autowired TestUsers users;
  @Autowired ReversalStore store;
  @Autowired ReversalService service;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired JdbcClient jdbc;
  @Autowired java.time.Clock clock;

  @Test
  void anApprovedRequestLeftBehindIsCarriedOutOnce() {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser payer = users.user().currency("USD").funded(20_000).create();
    TestUser recipient = users.user().currency("USD").create();
    UUID paid = pay(payer, recipient, 4_000);
    long payerBefore = balance(payer);
    UUID id = leftApproved(agent, payer, recipient, paid, 4_000);

    service.resume();
    ReversalStore.Row row = store.byId(id).orElseThrow();
    assertThat(row.status()).isEqualTo(ReversalStatus.EXECUTED);
    assertThat(payments.transaction(payer.id(), row.view().reversalTransactionId())
        .orElseThrow().state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(balance(payer)).isEqualTo(payerBefore + 4_000);

    service.resume();
    service.carryOut(id);
    assertThat(balance(payer)).isEqualTo(payerBefore + 4_000);
    assertThat(jdbc.sql("""
        select count(*) from payments.transactions
         where operation = 'reversal' and counterparty_user_id = :payer""")
        .param("payer", payer.id()).query(Long.class).single()).isEqualTo(1);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void anApprovedRequestTheRecipientCannotPayFailsWithNothingMoved() {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser payer = users.user().currency("USD").funded(20_000).create();
    TestUser recipient = users.user().currency("USD").create();
    TestUser elsewhere = users.user().currency("USD").create();
    UUID paid = pay(payer, recipient, 6_000);
    UUID id = leftApproved(agent, payer, recipient, paid, 6_000);
    pay(recipient, elsewhere, 5_000);
    long payerBefore = balance(payer);
    long recipientBefore = balance(recipient);

    service.resume();
    ReversalStore.Row row = store.byId(id).orElseThrow();
    assertThat(row.status()).isEqualTo(ReversalStatus.FAILED);
    assertThat(row.view().failureCode()).isEqualTo("reversal_insufficient_funds");
    assertThat(balance(payer)).isEqualTo(payerBefore);
    assertThat(balance(recipient)).isEqualTo(recipientBefore);
    // A failed request leaves room for a new one (refused now for the same reason).
    assertThat(store.liveFor(paid)).isEmpty();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /** An approved request (at or below the threshold) whose money a stopped process never moved. */
  private UUID leftApproved(TestUser agent, TestUser payer, TestUser recipient, UUID paid,
      long amountMinor) {
    UUID id = UUID.randomUUID();
    Instant longAgo = clock.instant().minus(Duration.ofMinutes(10));
    assertThat(store.insert(new ReversalStore.NewRow(id, paid, payer.id(), payer.email(),
        recipient.id(), recipient.email(), amountMinor, USD, agent.id(), agent.email(),
        "Sent twice", false, ReversalStatus.APPROVED, "left-" + id, "v1:test", longAgo)))
        .isTrue();
    return id;
  }

  private UUID pay(TestUser from, TestUser to, long amountMinor) {
    return payments.execute(from.current(), "p2p-" + UUID.randomUUID(),
        new PaymentRequest.Send(to.email(), amountMinor, USD, null), null).transaction().id();
  }

  private long balance(TestUser user) {
    return payments.balances(user.id()).stream().filter(b -> b.currency().equals(USD))
        .mapToLong(b -> b.available().amountMinor()).sum();
  }
}
