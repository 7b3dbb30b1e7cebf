package org.okpay.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.okpay.audit.AuditCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The checkpoint job: every {@code okpay.audit.checkpoint-interval}, once across all instances
 * (an advisory lock held by the run's transaction), it signs the head of every chain that moved
 * since its last checkpoint and stores the checkpoints in the table and in the file, the file
 * line forced to disk before the rows commit.
 */
@Component
class Checkpoints {

  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
  /** Chains signed per run; more would be a sign of something wrong with the chain names. */
  private static final int CHAINS_MAX = 1000;

  private final CheckpointStore store;
  private final CheckpointFile file;
  private final SigningKey key;
  private final TransactionTemplate transactions;
  private final Clock clock;

  Checkpoints(CheckpointStore store, CheckpointFile file, SigningKey key,
      TransactionTemplate transactions, Clock clock) {
    this.store = store;
    this.file = file;
    this.key = key;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${okpay.audit.checkpoint-interval:1h}",
      fixedDelayString = "${okpay.audit.checkpoint-interval:1h}")
  @SchedulerLock(name = "audit.Checkpoints.scheduled", lockAtMostFor = "PT10M")
  void scheduled() {
    try {
      List<AuditCheckpoint> signed = signNow();
      if (!signed.isEmpty()) {
        log.info("audit: signed checkpoints of {} chain(s)", signed.size());
      }
    } catch (RuntimeException e) {
      log.error("audit: the checkpoint run failed; the next run tries again", e);
    }
  }

  /** Signs every chain that moved since its last checkpoint; empty when another run holds the claim. */
  List<AuditCheckpoint> signNow() {
    List<AuditCheckpoint> result = transactions.execute(tx -> {
      if (!store.claimRun()) {
        return List.<AuditCheckpoint>of();
      }
      Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
      Map<String, Long> done = store.checkpointedSeqs();
      List<Checkpoint> made = new ArrayList<>();
      for (CheckpointStore.HeadRow head : store.heads()) {
        if (made.size() >= CHAINS_MAX) {
          log.warn("audit: more than {} chains moved; the rest are signed by the next run", CHAINS_MAX);
          break;
        }
        if (done.getOrDefault(head.chain(), 0L) >= head.lastSeq()) {
          continue;
        }
        byte[] message = Checkpoint.message(head.chain(), head.lastSeq(), head.lastHash(), at);
        Checkpoint cp = new Checkpoint(head.chain(), head.lastSeq(), head.lastHash(), at,
            key.keyId(), key.publicKey(), key.sign(message));
        store.insert(cp);
        made.add(cp);
      }
      // Written before the commit: a line whose rows then fail to commit still states a true
      // end of the chain (heads only move forward), so it never accuses a sound chain.
      file.append(made);
      return made.stream().map(Checkpoint::view).toList();
    });
    return result == null ? List.of() : result;
  }
}
