package org.okpay.audit.internal;

import static org.okpay.audit.AuditVerification.Problem.BAD_SIGNATURE;
import static org.okpay.audit.AuditVerification.Problem.HASH_MISMATCH;
import static org.okpay.audit.AuditVerification.Problem.MISSING_TAIL;
import static org.okpay.audit.AuditVerification.Problem.ORDER;
import static org.okpay.audit.AuditVerification.Problem.SEQ_GAP;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditVerification;
import org.okpay.audit.AuditVerification.Problem;
import org.okpay.shared.FieldErrors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks a chain from seq 1 and stops at the first problem, in this order of checks:
 * <ol>
 *   <li>the latest checkpoint in the table and the latest in the file are signed by a trusted
 *       key ({@code bad_signature} at the checkpoint's seq);
 *   <li>for each row: its seq is the next one ({@code seq_gap} at the missing seq), its
 *       prev_hash is the hash of the row before ({@code order}: rows moved, swapped or
 *       rewritten), its contents give its hash ({@code hash_mismatch});
 *   <li>the rows reach as far as the head row and both checkpoints say ({@code missing_tail}
 *       at the first missing seq), and the row where each of them ends has the hash they
 *       recorded ({@code hash_mismatch}).
 * </ol>
 * A chain is read in one repeatable-read snapshot, so appends going on meanwhile cannot look
 * like a problem.
 */
@Component
class Verifier {

  private static final Pattern CHAIN = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final int PAGE = 1000;
  private static final int CHAINS_MAX = 1000;

  private final EventStore events;
  private final CheckpointStore checkpoints;
  private final CheckpointFile file;
  private final SigningKey key;
  private final TransactionTemplate snapshot;

  Verifier(EventStore events, CheckpointStore checkpoints, CheckpointFile file, SigningKey key,
      PlatformTransactionManager transactionManager) {
    this.events = events;
    this.checkpoints = checkpoints;
    this.file = file;
    this.key = key;
    this.snapshot = new TransactionTemplate(transactionManager);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    snapshot.setReadOnly(true);
  }

  List<AuditVerification> verify(String chainOrNull) {
    if (chainOrNull != null && !CHAIN.matcher(chainOrNull).matches()) {
      throw FieldErrors.invalid("chain", FieldErrors.FORMAT);
    }
    Map<String, Checkpoint> fromFile = file.latestPerChain();
    List<String> chains = chainOrNull != null ? List.of(chainOrNull)
        : snapshot.execute(tx -> events.chains());
    List<AuditVerification> results = new ArrayList<>();
    for (String chain : chains.subList(0, Math.min(chains.size(), CHAINS_MAX))) {
      results.add(snapshot.execute(tx -> verifyChain(chain, fromFile.get(chain))));
    }
    return results;
  }

  private AuditVerification verifyChain(String chain, Checkpoint fromFile) {
    List<Checkpoint> vouchers = new ArrayList<>();
    checkpoints.latest(chain).ifPresent(vouchers::add);
    if (fromFile != null) {
      vouchers.add(fromFile);
    }
    Long checkpointSeq = null;
    java.time.Instant checkpointAt = null;
    for (Checkpoint cp : vouchers) {
      if (!chain.equals(cp.chain())
          || !key.verifies(cp.publicKey(), cp.message(), cp.signature())) {
        return new AuditVerification(chain, BAD_SIGNATURE, cp.lastSeq(), 0, 0, null, null);
      }
      if (checkpointSeq == null || cp.lastSeq() > checkpointSeq) {
        checkpointSeq = cp.lastSeq();
        checkpointAt = cp.at();
      }
    }
    Optional<EventStore.Head> head = events.head(chain);
    // The hashes the head and the checkpoints recorded, by the seq where each says the chain ended.
    Map<Long, List<String>> ends = new HashMap<>();
    head.filter(h -> h.lastSeq() > 0)
        .ifPresent(h -> ends.computeIfAbsent(h.lastSeq(), s -> new ArrayList<>()).add(h.lastHash()));
    vouchers.forEach(cp -> ends.computeIfAbsent(cp.lastSeq(), s -> new ArrayList<>()).add(cp.lastHash()));

    Walk walk = walk(chain, ends);
    Problem problem = walk.problem();
    Long at = walk.problemSeq();
    if (problem == null) {
      long vouched = ends.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      if (vouched > walk.lastSeq()) {
        problem = MISSING_TAIL;
        at = walk.lastSeq() + 1;
      } else if (walk.endMismatch() != null) {
        problem = HASH_MISMATCH;
        at = walk.endMismatch();
      }
    }
    return new AuditVerification(chain, problem, at, walk.checked(), walk.lastSeq(),
        checkpointSeq, checkpointAt);
  }

  private record Walk(Problem problem, Long problemSeq, long checked, long lastSeq,
      Long endMismatch) {
  }

  private Walk walk(String chain, Map<Long, List<String>> ends) {
    long expected = 1;
    String prevHash = Canonical.GENESIS;
    long checked = 0;
    Long endMismatch = null;
    while (true) {
      List<AuditEntry> page = events.walk(chain, expected - 1, PAGE);
      for (AuditEntry row : page) {
        checked++;
        if (row.seq() != expected) {
          return new Walk(SEQ_GAP, expected, checked, row.seq(), null);
        }
        if (!row.prevHash().equals(prevHash)) {
          return new Walk(ORDER, row.seq(), checked, row.seq(), null);
        }
        if (!Canonical.hash(row.prevHash(), canonical(row)).equals(row.hash())) {
          return new Walk(HASH_MISMATCH, row.seq(), checked, row.seq(), null);
        }
        List<String> recorded = ends.get(row.seq());
        if (endMismatch == null && recorded != null
            && recorded.stream().anyMatch(h -> !h.equals(row.hash()))) {
          endMismatch = row.seq();
        }
        prevHash = row.hash();
        expected++;
      }
      if (page.size() < PAGE) {
        return new Walk(null, null, checked, expected - 1, endMismatch);
      }
    }
  }

  static Canonical.Row canonical(AuditEntry e) {
    return new Canonical.Row(e.chain(), e.seq(), e.at(), e.action(), e.actorType(), e.actorId(),
        e.subjectType(), e.subjectId(), e.reason(), e.details());
  }
}
