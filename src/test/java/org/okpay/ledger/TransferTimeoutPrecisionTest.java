package org.okpay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.USD;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;

/**
 * A transfer's result carries "the stored transfer". PostgreSQL keeps timestamps to the
 * microsecond, so a hold whose timeout has a sub-microsecond part must come back, at once and on
 * replay, exactly as stored: not with nanoseconds the database never kept.
 */
@OkPayTest
class TransferTimeoutPrecisionTest {

  @Autowired LedgerApi ledger;

  @Test
  void holdWithSubMicrosecondTimeoutIsReturnedAsStored() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account alice = fixture.customer(USD);
    Account bob = fixture.customer(USD);
    fixture.fund(alice, 1_000);
    TransferRequest hold = LedgerFixture.pending(alice.id(), bob.id(), 100, USD,
        Duration.ofHours(1).plusNanos(999));

    TransferResult accepted = ledger.transfer(hold);
    Transfer stored = ledger.findTransfer(hold.id()).orElseThrow();
    TransferResult replayed = ledger.transfer(hold);

    System.out.printf("TransferTimeoutPrecisionTest: returned timeoutAt %s, stored %s, replay %s%n",
        accepted.transfer().timeoutAt(), stored.timeoutAt(), replayed.transfer().timeoutAt());
    assertThat(accepted.code()).isEqualTo(TransferResultCode.OK);
    assertThat(accepted.transfer()).isEqualTo(stored);
    assertThat(replayed.code()).isEqualTo(TransferResultCode.EXISTS);
    assertThat(replayed.transfer()).isEqualTo(accepted.transfer());
  }
}
