package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.USD;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A batch reads the holds it settles before it locks, to learn which accounts to lock. If the
 * hold is committed by another batch (the other writer thread, or another instance) while this
 * batch waits for its locks, the batch then sees the hold but holds no lock on its accounts. It
 * must still give a true answer: here the hold exists and is open, so posting it succeeds.
 *
 * <p>Deterministic: the test holds a row lock on an account the batch needs, so the batch is
 * parked between its first read and its locks until the test lets it go.
 */
@OkPayTest
class HoldAppearsDuringLockWaitTest {

  @Autowired LedgerApi ledger;
  @Autowired LedgerWriter writer;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired LedgerProperties properties;

  @Test
  void postOfHoldCommittedWhileTheBatchWaitedForLocksSucceeds() throws Exception {
    assertThat(properties.writers()).as("a second writer thread commits the hold").isGreaterThan(1);
    LedgerFixture fixture = new LedgerFixture(ledger);
    Account payer = fixture.customer(USD);
    Account payee = fixture.merchant(USD);
    Account blocked = fixture.customer(USD);
    Account rail = fixture.system(USD);
    fixture.fund(payer, 1_000);
    TransferRequest hold = LedgerFixture.pending(payer.id(), payee.id(), 300, USD, null);
    TransferRequest touchBlocked = LedgerFixture.posted(rail.id(), blocked.id(), 5, USD);
    TransferRequest post = TransferRequest.postPending(UUID.randomUUID(), hold.id(), 0, "test");

    CompletableFuture<List<TransferResult>> batch;
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement ps = lock.prepareStatement(
          "select id from ledger.accounts where id = ? for update")) {
        ps.setLong(1, blocked.id());
        ps.executeQuery().close();
      }
      int lockPid;
      try (PreparedStatement ps = lock.prepareStatement("select pg_backend_pid()");
          java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        lockPid = rs.getInt(1);
      }
      // One batch: it reads the (not yet existing) hold, then waits for the lock on `blocked`.
      batch = writer.submit(List.of(touchBlocked, post), false);
      awaitBlockedBy(lockPid);
      // Meanwhile the other writer thread commits the hold.
      assertThat(ledger.transfer(hold).code()).isEqualTo(TransferResultCode.OK);
      lock.rollback();
    }
    List<TransferResult> results = batch.join();

    System.out.printf("HoldAppearsDuringLockWaitTest: hold committed during the lock wait; "
        + "results %s%n", results.stream().map(TransferResult::code).toList());
    assertThat(results.get(0).code()).isEqualTo(TransferResultCode.OK);
    assertThat(results.get(1).code()).as("posting a hold that exists and is open")
        .isEqualTo(TransferResultCode.OK);
    assertThat(fixture.reload(payee).balanceMinor()).isEqualTo(300);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }

  /** Polls PostgreSQL until some backend waits for the test's lock, bounded in time. */
  private void awaitBlockedBy(int lockPid) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (jdbc.sql("""
        select count(*) from pg_stat_activity where :pid = any(pg_blocking_pids(pid))
        """).param("pid", lockPid).query(Long.class).single() == 0) {
      assertThat(Instant.now()).as("writer reached the lock wait in time").isBefore(deadline);
    }
  }
}
