package org.okpay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.okpay.ledger.LedgerFixture.USD;
import static org.okpay.ledger.LedgerFixture.posted;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link LedgerApi#transferLinkedInTransaction}, against the real database: the groups are
 * written on the caller's connection, take effect with its commit and vanish with its rollback;
 * a refused group changes nothing while the others apply; and there is no such call
 * outside a transaction.
 */
@OkPayTest
class TransfersInCallersTransactionTest {

  @Autowired LedgerApi ledger;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void groupsCommitWithTheCallerAndARefusedGroupChangesNothing() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account payer = fixture.customer(USD);
    Account poor = fixture.customer(USD);
    Account payee = fixture.customer(USD);
    Account fees = fixture.system(USD);
    fixture.fund(payer, 1_000);
    fixture.fund(poor, 50);
    TransferRequest pays = posted(payer.id(), payee.id(), 300, USD);
    TransferRequest fee = posted(payer.id(), fees.id(), 5, USD);
    TransferRequest affordable = posted(poor.id(), payee.id(), 40, USD);
    TransferRequest tooMuch = posted(poor.id(), fees.id(), 20, USD);

    List<List<TransferResult>> results = tx.execute(s -> {
      List<List<TransferResult>> r = ledger.transferLinkedInTransaction(
          List.of(List.of(pays, fee), List.of(affordable, tooMuch)));
      assertThat(ledger.findTransfer(pays.id())).as("seen inside the caller's transaction")
          .isPresent();
      return r;
    });

    assertThat(results.get(0)).extracting(TransferResult::code)
        .containsExactly(TransferResultCode.OK, TransferResultCode.OK);
    assertThat(results.get(1)).extracting(TransferResult::code)
        .containsExactly(TransferResultCode.LINKED_EVENT_FAILED,
            TransferResultCode.EXCEEDS_AVAILABLE_BALANCE);
    assertThat(results.get(0).getFirst().transfer().sequence()).isPositive();
    assertThat(fixture.reload(payer).balanceMinor()).isEqualTo(695);
    assertThat(fixture.reload(payee).balanceMinor()).isEqualTo(300);
    assertThat(fixture.reload(poor).balanceMinor()).as("linked: all or none").isEqualTo(50);
    assertThat(ledger.findTransfer(affordable.id())).isEmpty();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void theCallersRollbackTakesTheTransfersBack() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account payer = fixture.customer(USD);
    Account payee = fixture.customer(USD);
    fixture.fund(payer, 1_000);
    TransferRequest pays = posted(payer.id(), payee.id(), 300, USD);

    tx.executeWithoutResult(s -> {
      List<List<TransferResult>> r = ledger.transferLinkedInTransaction(List.of(List.of(pays)));
      assertThat(r.getFirst().getFirst().code()).isEqualTo(TransferResultCode.OK);
      // Not committed yet: only the caller's own connection can see the row.
      assertThat(jdbc.sql("select count(*) from ledger.transfers where id = :id")
          .param("id", pays.id()).query(Long.class).single())
          .as("written on the caller's connection").isEqualTo(1);
      s.setRollbackOnly();
    });

    assertThat(ledger.findTransfer(pays.id())).isEmpty();
    assertThat(fixture.reload(payer).balanceMinor()).isEqualTo(1_000);
    assertThat(fixture.reload(payee).balanceMinor()).isZero();
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  @Test
  void withoutATransactionNothingIsApplied() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account payer = fixture.customer(USD);
    Account payee = fixture.customer(USD);
    fixture.fund(payer, 1_000);
    TransferRequest pays = posted(payer.id(), payee.id(), 300, USD);

    assertThatThrownBy(() -> ledger.transferLinkedInTransaction(List.of(List.of(pays))))
        .isInstanceOf(IllegalStateException.class);

    assertThat(ledger.findTransfer(pays.id())).isEmpty();
    assertThat(fixture.reload(payer).balanceMinor()).isEqualTo(1_000);
  }
}
