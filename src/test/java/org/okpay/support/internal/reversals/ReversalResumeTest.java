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
 * new request. And reconciliation settles a reversal transaction a stopped process left in
 * {@code created}: completed (the request executed, the money moved once) when its ledger leg was
 * written, failed as interrupted (the request failed, nothing moved) when it was not.
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
  @Autowired ReversalType type;
  @Autowired org.okpay.payments.PaymentsStaffApi staffTransactions;
  @Autowired org.okpay.payments.PaymentsAdminApi admin;
  @Autowired org.okpay.notify.NotifyApi notify;

  @Test
  void reconciliationCompletesAReversalLeftAfterTheLedgerWroteItAndMovesTheMoneyOnce() {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser payer = users.user().currency("USD").funded(20_000).create();
    TestUser recipient = users.user().currency("USD").create();
    UUID paid = pay(payer, recipient, 7_000);
    UUID id = approvedNow(agent, payer, recipient, paid, 7_000);
    UUID txId = leftCreated(id, recipient, payer, 7_000);
    org.okpay.payments.PaymentTransaction t = staffTransactions.transactionById(txId)
        .orElseThrow();
    // The ledger wrote the leg, then the process stopped before the state moved.
    assertThat(ledger.transferLinked(type.complete(t)))
        .allMatch(org.okpay.ledger.TransferResult::succeeded);
    long payerAfterLedger = balance(payer);
    long recipientAfterLedger = balance(recipient);

    admin.runReconciliation();

    assertThat(staffTransactions.transactionById(txId).orElseThrow().state())
        .isEqualTo(TransactionState.COMPLETED);
    ReversalStore.Row row = store.byId(id).orElseThrow();
    assertThat(row.status()).isEqualTo(ReversalStatus.EXECUTED);
    assertThat(row.view().reversalTransactionId()).isEqualTo(txId);
    assertThat(balance(payer)).isEqualTo(payerAfterLedger);
    assertThat(balance(recipient)).isEqualTo(recipientAfterLedger);
    // In-app notices are written by the outbox dispatcher after the commit, in batches.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(notify.notifications(payer.id().toString(), 20))
            .anySatisfy(n -> assertThat(n.link()).endsWith(txId.toString())));
    // The request's own retry lands on the same transaction: nothing more moves.
    service.carryOut(id);
    assertThat(balance(payer)).isEqualTo(payerAfterLedger);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void reconciliationFailsAReversalLeftBeforeTheLedgerAndTheRequestFailsWithNothingMoved() {
    TestUser agent = users.user().role(Role.AGENT).create();
    TestUser payer = users.user().currency("USD").funded(20_000).create();
    TestUser recipient = users.user().currency("USD").create();
    UUID paid = pay(payer, recipient, 8_000);
    UUID id = approvedNow(agent, payer, recipient, paid, 8_000);
    UUID txId = leftCreated(id, recipient, payer, 8_000);
    long payerBefore = balance(payer);
    long recipientBefore = balance(recipient);

    admin.runReconciliation();
    org.okpay.payments.PaymentTransaction t = staffTransactions.transactionById(txId)
        .orElseThrow();
    assertThat(t.state()).isEqualTo(TransactionState.FAILED);
    assertThat(t.failureCode()).isEqualTo("payment_interrupted");

    // The request's retry (this call, or the resume job if it came first) finds the failed
    // transaction under the request's key and fails the request.
    try {
      service.carryOut(id);
    } catch (org.okpay.shared.OkPayException refused) {
      assertThat(refused.errorCode().code()).isEqualTo("reversal_failed");
    }
    ReversalStore.Row row = store.byId(id).orElseThrow();
    assertThat(row.status()).isEqualTo(ReversalStatus.FAILED);
    assertThat(row.view().failureCode()).isEqualTo("payment_interrupted");
    assertThat(balance(payer)).isEqualTo(payerBefore);
    assertThat(balance(recipient)).isEqualTo(recipientBefore);
    assertThat(store.liveFor(paid)).isEmpty();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /** An approved request decided just now (the resume job leaves it to the test). */
  private UUID approvedNow(TestUser agent, TestUser payer, TestUser recipient, UUID paid,
      long amountMinor) {
    UUID id = UUID.randomUUID();
    assertThat(store.insert(new ReversalStore.NewRow(id, paid, payer.id(), payer.email(),
        recipient.id(), recipient.email(), amountMinor, USD, agent.id(), agent.email(),
        "Sent twice", false, ReversalStatus.APPROVED, "now-" + id, "v1:test",
        clock.instant()))).isTrue();
    return id;
  }

  /**
   * The engine's row of the request as a process that stopped right after recording it leaves
   * it: {@code created} and on the work list, its key derived from the request, ten minutes old.
   */
  private UUID leftCreated(UUID reversalId, TestUser recipient, TestUser payer,
      long amountMinor) {
    UUID txId = UUID.randomUUID();
    Instant at = clock.instant().minus(Duration.ofMinutes(10));
    jdbc.sql("""
        with inserted as (
          insert into payments.transactions (id, user_id, operation, state, amount_minor,
            currency, fee_minor, counterparty_user_id, counterparty, limit_amount_minor,
            idempotency_key, request_hash, created_at, updated_at)
          values (:id, :recipient, 'reversal', 'created', :amount, 'USD', 0, :payer, :payerEmail,
            :amount, :key, :hash, :at, :at)
          returning id)
        insert into payments.work_list (transaction_id, state, updated_at)
        select id, 'created', :at from inserted""")
        .param("hash", fingerprint(reversalId))
        .param("id", txId).param("recipient", recipient.id()).param("amount", amountMinor)
        .param("payer", payer.id()).param("payerEmail", payer.email())
        .param("key", ReversalType.engineKey(reversalId))
        .param("at", at.atOffset(java.time.ZoneOffset.UTC)).update();
    return txId;
  }

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

  /** The engine's documented v1 fingerprint of the request (docs/payments.md). */
  private static String fingerprint(UUID reversalId) {
    String canonical = "okpay-request-fingerprint v1\noperation=reversal\nreversalId="
        + reversalId + "\n";
    try {
      return "v1:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
          .getInstance("SHA-256").digest(canonical.getBytes(
              java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
