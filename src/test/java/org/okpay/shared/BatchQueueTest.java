package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The group-commit queue on its own: batches are capped by weight and skip what their callers
 * gave up, a handler that throws fails only its batch, and stopping fails what is left busy. The
 * ledger's and the payments' tests cover it with their database writes.
 */
class BatchQueueTest {

  /** A job of {@code weight}; {@code wanted} false: its caller gave up. */
  record Job(String name, int weight, boolean wanted, CompletableFuture<String> outcome) {
    Job(String name, int weight, boolean wanted) {
      this(name, weight, wanted, new CompletableFuture<>());
    }
  }

  /** Completes each job with the names of its batch, or throws for a batch holding "boom". */
  static final class Recording implements BatchQueue.Handler<Job> {
    final List<List<String>> batches = new ArrayList<>();
    final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();

    @Override
    public synchronized void process(List<Job> batch) {
      List<String> names = batch.stream().map(Job::name).toList();
      if (names.contains("boom")) {
        throw new IllegalStateException("boom");
      }
      batches.add(names);
      batch.forEach(j -> j.outcome().complete(String.join(",", names)));
    }

    @Override
    public void fail(Job job, RuntimeException error) {
      failures.put(job.name(), error);
      job.outcome().completeExceptionally(error);
    }

    @Override
    public boolean claim(Job job) {
      return job.wanted();
    }

    @Override
    public int weight(Job job) {
      return job.weight();
    }
  }

  private static BatchQueue<Job> queue(Recording handler, int capacity, int batchMax) {
    return new BatchQueue<>("test-queue",
        new BatchQueue.Settings(capacity, 1, batchMax, Duration.ZERO, Duration.ofSeconds(10)),
        handler);
  }

  @Test
  void batchesStopAtTheirWeightAndLeaveOutWhatTheirCallersGaveUp() throws Exception {
    Recording handler = new Recording();
    BatchQueue<Job> queue = queue(handler, 10, 5);
    List<Job> jobs = List.of(new Job("a", 2, true), new Job("gone", 4, false),
        new Job("b", 2, true), new Job("c", 2, true), new Job("d", 1, true));
    // Queued before the thread starts, so the first batch sees all of them.
    jobs.forEach(j -> assertThat(queue.offer(j)).isTrue());
    assertThat(queue.size()).isEqualTo(5);
    queue.start();
    try {
      assertThat(jobs.get(4).outcome().get(10, TimeUnit.SECONDS)).isEqualTo("d");
    } finally {
      queue.stop();
    }
    // a+b+c weigh 6 >= 5: the batch closes there; "gone" weighed nothing and is in no batch.
    assertThat(handler.batches).containsExactly(List.of("a", "b", "c"), List.of("d"));
    assertThat(jobs.get(1).outcome()).isNotDone();
  }

  @Test
  void aHandlerThatThrowsFailsItsBatchAndTheThreadGoesOn() throws Exception {
    Recording handler = new Recording();
    BatchQueue<Job> queue = queue(handler, 10, 1);
    Job boom = new Job("boom", 1, true);
    Job after = new Job("after", 1, true);
    queue.offer(boom);
    queue.offer(after);
    queue.start();
    try {
      assertThat(after.outcome().get(10, TimeUnit.SECONDS)).isEqualTo("after");
    } finally {
      queue.stop();
    }
    assertThat(handler.failures.get("boom")).isInstanceOfSatisfying(OkPayException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR));
  }

  @Test
  void aFullOrStoppedQueueRefusesAndStoppingFailsWhatIsLeftBusy() {
    Recording handler = new Recording();
    BatchQueue<Job> queue = queue(handler, 1, 1);
    Job waiting = new Job("waiting", 1, true);
    assertThat(queue.offer(waiting)).isTrue();
    assertThat(queue.offer(new Job("full", 1, true))).isFalse();
    // Never started: stop finds the job still queued and fails it busy.
    queue.stop();
    assertThat(handler.failures.get("waiting")).isInstanceOfSatisfying(OkPayException.class,
        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LEDGER_BUSY));
    assertThat(queue.offer(new Job("late", 1, true))).isFalse();
    assertThat(queue.remove(waiting)).isFalse();
  }
}
