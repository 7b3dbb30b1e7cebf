package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;

/**
 * A full queue answers at once with a retryable error instead of making callers hang, and a
 * stopped writer works again once restarted.
 */
@OkPayTest
class LedgerWriterQueueTest {

  @Autowired DataSource dataSource;
  @Autowired MetadataCodec metadata;

  @Test
  void fullQueueRefusesWithLedgerBusyAndQueuedWorkStillCompletes() {
    LedgerProperties tiny = new LedgerProperties(10, Duration.ofMillis(1), 1, 1,
        Duration.ofSeconds(10), 3, 10);
    LedgerWriter writer = new LedgerWriter(dataSource, new BatchApplier(new BatchStore(metadata)),
        tiny, new SimpleMeterRegistry());
    // Not started yet: nothing drains the queue, so its one place stays taken.
    CompletableFuture<List<TransferResult>> queued = writer.submit(List.of(request()), false);

    assertThatThrownBy(() -> writer.submit(List.of(request()), false))
        .isInstanceOfSatisfying(OkPayException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.LEDGER_BUSY);
          assertThat(e.errorCode().retryable()).isTrue();
        });

    writer.start();
    try {
      // The queued transfer names no real account: it completes with a typed result.
      assertThat(queued.join().getFirst().code().name()).isEqualTo("DEBIT_ACCOUNT_NOT_FOUND");
    } finally {
      writer.stop();
    }
  }

  @Test
  void aStoppedWriterTakesWorkAgainWhenStartedAgain() {
    LedgerWriter writer = new LedgerWriter(dataSource, new BatchApplier(new BatchStore(metadata)),
        new LedgerProperties(10, Duration.ofMillis(1), 10, 1, Duration.ofSeconds(10), 3, 10),
        new SimpleMeterRegistry());
    writer.start();
    writer.stop();
    assertThatThrownBy(() -> writer.submit(List.of(request()), false))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LEDGER_BUSY));

    writer.start();
    try {
      assertThat(writer.submit(List.of(request()), false).join().getFirst().code().name())
          .isEqualTo("DEBIT_ACCOUNT_NOT_FOUND");
    } finally {
      writer.stop();
    }
  }

  private static TransferRequest request() {
    return TransferRequest.posted(UUID.randomUUID(), Long.MAX_VALUE - 1, Long.MAX_VALUE - 2, 1,
        LedgerFixture.USD, "test", null);
  }
}
