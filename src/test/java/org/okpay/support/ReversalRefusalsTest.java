package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.shared.OkPayException;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every refusal of a reversal, in the order the service checks them, each shown to change
 * nothing: no request row or status, no payments transaction, no balance, ledger invariants
 * intact (the model: LedgerGuardsTest).
 */
@OkPayTest
class ReversalRefusalsTest {

  @Autowired TestUsers users;
  @Autowired ReversalsApi reversals;
  @Autowired PaymentsApi payments;
  @Autowired LedgerApi ledger;
  @Autowired IdentityApi identity;
  @Autowired JdbcClient jdbc;

  /** One refusal: what is tried and the code it must answer. */
  record Row(String what, String code, Runnable attempt) {
  }

  @Test
  void everyRefusalInOrderChangesNothing() {
    ReversalMoney money = new ReversalMoney(payments, ledger);
    CurrentUser agent = users.user().role(Role.AGENT).create().current();
    CurrentUser other = users.user().role(Role.AGENT).create().current();
    CurrentUser customer = ReversalMoney.plain(users).current();
    TestUser payer = ReversalMoney.funded(users, 100_000);
    TestUser recipient = ReversalMoney.plain(users);
    TestUser frozen = ReversalMoney.plain(users);
    TestUser poor = ReversalMoney.plain(users);
    TestUser elsewhere = ReversalMoney.plain(users);

    UUID toReverse = money.pay(payer, recipient, 20_000);
    UUID toFrozen = money.pay(payer, frozen, 1_000);
    UUID toPoor = money.pay(payer, poor, 2_000);
    money.pay(poor, elsewhere, 1_500);
    identity.reportCompromise(frozen.current(), "203.0.113.9");
    UUID topUp = payments.history(payer.id(), new HistoryFilter(null, null,
        Operation.TOPUP_CARD, null, null, null, null), null, 1).transactions().getFirst().id();
    // A pending request (above the threshold), one executed, one rejected.
    UUID pending = reversals.request(agent, "pending", toReverse, "Fraud").reversal().id();
    UUID small = money.pay(payer, recipient, 3_000);
    ReversalsApi.Reversal executed = reversals.request(agent, "executed", small, "Mistake")
        .reversal();
    assertThat(executed.status()).isEqualTo(ReversalStatus.EXECUTED);
    UUID rejectedTx = money.pay(payer, recipient, 30_000);
    UUID rejected = reversals.request(agent, "rejected", rejectedTx, "Check").reversal().id();
    reversals.reject(other, rejected, "Not fraud");
    String longReason = "x".repeat(ReversalsApi.REASON_LENGTH_MAX + 1);

    List<Row> rows = List.of(
        new Row("a customer asks", "forbidden",
            () -> reversals.request(customer, "k", toReverse, "Mine")),
        new Row("no idempotency key", "idempotency_key_missing",
            () -> reversals.request(agent, " ", toReverse, "Fraud")),
        new Row("a key with a space", "validation_failed",
            () -> reversals.request(agent, "a b", toReverse, "Fraud")),
        new Row("no transaction", "validation_failed",
            () -> reversals.request(agent, "k-none", null, "Fraud")),
        new Row("no reason", "validation_failed",
            () -> reversals.request(agent, "k-reason", toReverse, "  ")),
        new Row("a reason too long", "validation_failed",
            () -> reversals.request(agent, "k-long", toReverse, longReason)),
        new Row("the key again with another transaction", "idempotency_key_reused",
            () -> reversals.request(agent, "pending", rejectedTx, "Fraud")),
        new Row("an unknown transaction", "transaction_not_found",
            () -> reversals.request(agent, "k-unknown", UUID.randomUUID(), "Fraud")),
        new Row("a card top-up", "not_reversible",
            () -> reversals.request(agent, "k-topup", topUp, "Fraud")),
        new Row("a reversal itself", "not_reversible",
            () -> reversals.request(agent, "k-rev", executed.reversalTransactionId(), "Again")),
        new Row("a transaction reversed already", "reversal_exists",
            () -> reversals.request(other, "k-done", small, "Again")),
        new Row("a transaction with a pending request", "reversal_exists",
            () -> reversals.request(other, "k-pending", toReverse, "Again")),
        new Row("a frozen recipient", "reversal_recipient_frozen",
            () -> reversals.request(agent, "k-frozen", toFrozen, "Fraud")),
        new Row("a recipient without the money", "reversal_insufficient_funds",
            () -> reversals.request(agent, "k-poor", toPoor, "Fraud")),
        new Row("a customer approves", "forbidden",
            () -> reversals.approve(customer, pending, "Mine")),
        new Row("an approval without a reason", "validation_failed",
            () -> reversals.approve(other, pending, "")),
        new Row("an unknown request", "reversal_not_found",
            () -> reversals.approve(other, UUID.randomUUID(), "Ok")),
        new Row("the requester approves", "reversal_own_approval",
            () -> reversals.approve(agent, pending, "I am sure")),
        new Row("an executed request approved", "reversal_not_pending",
            () -> reversals.approve(other, executed.id(), "Ok")),
        new Row("a rejected request approved", "reversal_not_pending",
            () -> reversals.approve(other, rejected, "Ok")),
        new Row("a rejected request rejected again", "reversal_not_pending",
            () -> reversals.reject(other, rejected, "Again")));

    List<UUID> watched = List.of(payer.id(), recipient.id(), frozen.id(), poor.id());
    List<String> seen = new ArrayList<>();
    for (Row row : rows) {
      String before = state(money, payer, recipient, frozen, poor, watched);
      OkPayException refused = catchThrowableOfType(OkPayException.class,
          () -> row.attempt().run());
      assertThat(refused).as(row.what()).isNotNull();
      assertThat(refused.errorCode().code()).as(row.what()).isEqualTo(row.code());
      assertThat(state(money, payer, recipient, frozen, poor, watched)).as(row.what())
          .isEqualTo(before);
      money.assertInvariants();
      seen.add(row.code());
    }
    assertThat(seen).contains("forbidden", "idempotency_key_missing", "validation_failed",
        "idempotency_key_reused", "transaction_not_found", "not_reversible", "reversal_exists",
        "reversal_recipient_frozen", "reversal_insufficient_funds", "reversal_not_found",
        "reversal_own_approval", "reversal_not_pending");
  }

  /** Everything a refusal could have changed. */
  private String state(ReversalMoney money, TestUser payer, TestUser recipient, TestUser frozen,
      TestUser poor, List<UUID> users) {
    String requests = jdbc.sql("""
        select coalesce(string_agg(id || ':' || status || ':' || coalesce(approved_by::text, '-'),
                                   ',' order by id), '')
          from support.reversal_requests""").query(String.class).single();
    long transactions = jdbc.sql("""
        select count(*) from payments.transactions
         where user_id = any(:users) or counterparty_user_id = any(:users)""")
        .param("users", users.toArray(UUID[]::new)).query(Long.class).single();
    return requests + "|" + transactions + "|" + money.balance(payer) + "|"
        + money.balance(recipient) + "|" + money.balance(frozen) + "|" + money.balance(poor);
  }
}
