package org.okpay.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEntry;
import org.okpay.audit.AuditEvent;
import org.okpay.audit.AuditQuery;
import org.okpay.audit.AuditVerification;
import org.okpay.audit.AuditVerification.Problem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What someone with access to the database might do to the log, and that verify tells. The
 * database refuses plain UPDATE, DELETE and TRUNCATE; the tampering here gets past the triggers
 * as the superuser does ({@code set local session_replication_role = replica}) and verify finds
 * it. Every test works on a chain of its own, so the others' chains stay sound.
 */
@OkPayTest
class AuditTamperTest {

  private static final int ROWS = 6;

  @Autowired AuditApi audit;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  @Test
  void aSoundChainVerifiesWithItsCheckpoint() {
    String chain = filled();
    assertThat(audit.checkpointNow()).anyMatch(c -> c.chain().equals(chain) && c.lastSeq() == ROWS);

    AuditVerification result = verify(chain);
    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(ROWS);
    assertThat(result.lastSeq()).isEqualTo(ROWS);
    assertThat(result.checkpointSeq()).isEqualTo(ROWS);
    // Nothing moved: a second run signs nothing new for this chain.
    assertThat(audit.checkpointNow()).noneMatch(c -> c.chain().equals(chain));
  }

  @Test
  void changingOneColumnIsAHashMismatchAtThatRow() {
    String chain = filled();
    tamper(db -> db.sql("update audit.events set reason = 'nothing to see' where chain = :c and seq = 3")
        .param("c", chain).update());

    assertProblem(chain, Problem.HASH_MISMATCH, 3);
  }

  @Test
  void changingADetailIsAHashMismatchToo() {
    String chain = filled();
    tamper(db -> db.sql("""
        update audit.events set details = jsonb_set(details, '{amountMinor}', '"1"')
         where chain = :c and seq = 5
        """).param("c", chain).update());

    assertProblem(chain, Problem.HASH_MISMATCH, 5);
  }

  @Test
  void deletingAMiddleRowIsASeqGap() {
    String chain = filled();
    tamper(db -> db.sql("delete from audit.events where chain = :c and seq = 3").param("c", chain)
        .update());

    assertProblem(chain, Problem.SEQ_GAP, 3);
  }

  @Test
  void swappingTwoRowsIsAnOrderProblem() {
    String chain = filled();
    tamper(db -> {
      db.sql("update audit.events set seq = 1000000 where chain = :c and seq = 3").param("c", chain).update();
      db.sql("update audit.events set seq = 3 where chain = :c and seq = 4").param("c", chain).update();
      db.sql("update audit.events set seq = 4 where chain = :c and seq = 1000000").param("c", chain).update();
    });

    assertProblem(chain, Problem.ORDER, 3);
  }

  @Test
  void deletingTheTailIsFoundThroughTheHeadTheCheckpointRowsAndTheCheckpointFile() {
    String chain = filled();
    // Only the rows: the head still says 6.
    tamper(db -> db.sql("delete from audit.events where chain = :c and seq > 4").param("c", chain)
        .update());
    assertProblem(chain, Problem.MISSING_TAIL, 5);

    String signed = filled();
    audit.checkpointNow();
    // The rows and the head, as an attacker who knows the layout would.
    tamper(db -> {
      db.sql("delete from audit.events where chain = :c and seq > 4").param("c", signed).update();
      db.sql("""
          update audit.chain_heads h set last_seq = 4, last_hash = e.hash
            from audit.events e where e.chain = h.chain and e.seq = 4 and h.chain = :c
          """).param("c", signed).update();
    });
    assertProblem(signed, Problem.MISSING_TAIL, 5);

    // And the checkpoint rows too: the file beside the key still has the checkpoint.
    tamper(db -> db.sql("delete from audit.checkpoints where chain = :c").param("c", signed).update());
    assertProblem(signed, Problem.MISSING_TAIL, 5);
  }

  @Test
  void rewritingARowWithFreshHashesIsCaughtByTheCheckpoint() {
    String chain = filled();
    audit.checkpointNow();
    // Someone who knows the hash recipe rewrites row 2 and every hash after it, and the head.
    tamper(db -> {
      db.sql("update audit.events set actor_id = 'someone-else' where chain = :c and seq = 2")
          .param("c", chain).update();
      String prev = db.sql("select hash from audit.events where chain = :c and seq = 1")
          .param("c", chain).query(String.class).single();
      for (long seq = 2; seq <= ROWS; seq++) {
        AuditEntry row = entry(chain, seq);
        String hash = Canonical.hash(prev, Verifier.canonical(row));
        db.sql("update audit.events set prev_hash = :p, hash = :h where chain = :c and seq = :s")
            .param("p", prev).param("h", hash).param("c", chain).param("s", seq).update();
        prev = hash;
      }
      db.sql("update audit.chain_heads set last_hash = :h where chain = :c").param("h", prev)
          .param("c", chain).update();
    });

    assertProblem(chain, Problem.HASH_MISMATCH, ROWS);
  }

  @Test
  void aForgedCheckpointIsABadSignature() {
    String chain = filled();
    String hash6 = entry(chain, ROWS).hash();
    // Inserting is not refused; signing with the instance's key is what cannot be forged.
    jdbc.sql("""
        insert into audit.checkpoints (chain, last_seq, last_hash, at, key_id, public_key, signature)
        values (:c, 6, :h, now(), '0123456789abcdef',
                '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=', :sig)
        """).param("c", chain).param("h", hash6).param("sig", "A".repeat(86) + "==").update();

    assertProblem(chain, Problem.BAD_SIGNATURE, ROWS);
  }

  @Test
  void theDatabaseRefusesUpdateDeleteAndTruncate() {
    String chain = filled();
    audit.checkpointNow();
    List<String> refused = List.of(
        "update audit.events set reason = 'x' where chain = '" + chain + "'",
        "delete from audit.events where chain = '" + chain + "' and seq = 6",
        "truncate audit.events",
        "update audit.checkpoints set last_seq = 1 where chain = '" + chain + "'",
        "delete from audit.checkpoints where chain = '" + chain + "'",
        "truncate audit.checkpoints",
        "update audit.chain_heads set last_seq = 2 where chain = '" + chain + "'",
        "delete from audit.chain_heads where chain = '" + chain + "'",
        "truncate audit.chain_heads");
    for (String sql : refused) {
      assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> jdbc.sql(sql).update()))
          .as(sql).isInstanceOf(DataAccessException.class)
          .hasMessageContaining("audit.");
    }
    AuditVerification result = verify(chain);
    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.lastSeq()).isEqualTo(ROWS);
  }

  private String filled() {
    String chain = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    for (int i = 1; i <= ROWS; i++) {
      audit.append(new AuditEvent(chain + ".step_" + i, "agent", "agent-" + i, "user",
          "user-" + i, "reason " + i, Map.of("amountMinor", Integer.toString(i * 100),
          "currency", "USD")));
    }
    return chain;
  }

  private AuditEntry entry(String chain, long seq) {
    List<AuditEntry> all = new ArrayList<>(audit.events(
        new AuditQuery(null, null, null, null, null, null, chain, null, 50)).entries());
    return all.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
  }

  private AuditVerification verify(String chain) {
    List<AuditVerification> results = audit.verify(chain);
    assertThat(results).hasSize(1);
    return results.getFirst();
  }

  private void assertProblem(String chain, Problem problem, long seq) {
    AuditVerification result = verify(chain);
    assertThat(result.problem()).as(result.toString()).isEqualTo(problem);
    assertThat(result.seq()).as(result.toString()).isEqualTo(seq);
  }

  /** Runs the changes as the superuser who switched the triggers off for this transaction. */
  private void tamper(Consumer<JdbcClient> changes) {
    transactions.executeWithoutResult(tx -> {
      jdbc.sql("set local session_replication_role = replica").update();
      changes.accept(jdbc);
    });
  }
}
