package org.okpay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends through AuditApi against the real database: read back as written, joined to the
 * caller's transaction (a rollback leaves no row and no gap), text bounded, and many threads
 * appending at once still give one unbroken chain. Each test uses a chain of its own.
 */
@OkPayTest
class AuditAppendTest {

  @Autowired AuditApi audit;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  static String chain() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Test
  void anAppendReadsBackAsWrittenWithItsHashes() {
    String chain = chain();
    long first = audit.append(new AuditEvent(chain + ".sign_in", "user", "u-1", "user", "u-1",
        null, Map.of("ip", "203.0.113.7", "device", "Firefox")));
    long second = audit.append(AuditEvent.system(chain + ".locked", "user", "u-1",
        Map.of("failures", "5")));

    assertThat(first).isEqualTo(1);
    assertThat(second).isEqualTo(2);
    AuditPage page = audit.events(new AuditQuery(null, null, null, null, null, null, chain, null, 10));
    assertThat(page.entries()).extracting(AuditEntry::seq).containsExactly(2L, 1L);
    AuditEntry signIn = page.entries().get(1);
    assertThat(signIn.action()).isEqualTo(chain + ".sign_in");
    assertThat(signIn.actorType()).isEqualTo("user");
    assertThat(signIn.actorId()).isEqualTo("u-1");
    assertThat(signIn.details()).isEqualTo(Map.of("ip", "203.0.113.7", "device", "Firefox"));
    assertThat(signIn.prevHash()).isEqualTo("0".repeat(64));
    assertThat(page.entries().get(0).prevHash()).isEqualTo(signIn.hash());
    assertThat(page.entries().get(0).actorType()).isEqualTo("system");
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void theAppendJoinsTheCallersTransaction() {
    String chain = chain();
    audit.append(AuditEvent.system(chain + ".kept", null, null, null));
    transactions.executeWithoutResult(tx -> {
      audit.append(AuditEvent.system(chain + ".rolled_back", null, null, null));
      tx.setRollbackOnly();
    });
    long next = audit.append(AuditEvent.system(chain + ".after", null, null, null));

    assertThat(next).isEqualTo(2);
    assertThat(actions(chain)).containsExactly(chain + ".after", chain + ".kept");
  }

  @Test
  void longTextIsCutAndAMalformedActionIsRefused() {
    String chain = chain();
    String reason = "x".repeat(5000) + "\u0000";
    audit.append(new AuditEvent(chain + ".note", "agent", "a".repeat(300), "case", "c-1",
        reason, Map.of("k".repeat(80), "v\u0000".repeat(400))));
    AuditEntry row = audit.events(new AuditQuery(null, null, null, null, null, null, chain, null, 1))
        .entries().getFirst();
    assertThat(row.reason()).hasSize(1000).endsWith("…");
    assertThat(row.actorId()).hasSize(100);
    assertThat(row.details()).hasSize(1);
    assertThat(row.details().values().iterator().next()).hasSize(500).doesNotContain("\u0000");

    assertThatThrownBy(() -> audit.append(AuditEvent.system("NoModule", null, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> audit.append(AuditEvent.system(chain + ".x; drop", null, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pagesFollowTheCursorWithoutRepeatsOrGaps() {
    String chain = chain();
    for (int i = 0; i < 7; i++) {
      audit.append(new AuditEvent(chain + ".step", "user", "u-" + (i % 2), "user", "s", null,
          Map.of("i", Integer.toString(i))));
    }
    List<Long> seen = new ArrayList<>();
    AuditQuery query = new AuditQuery(chain + ".st", null, null, null, null, null, null, null, 3);
    AuditPage page = audit.events(query);
    seen.addAll(page.entries().stream().map(AuditEntry::seq).toList());
    while (page.nextCursor() != null) {
      page = audit.events(query.withCursor(page.nextCursor()));
      seen.addAll(page.entries().stream().map(AuditEntry::seq).toList());
    }
    assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);

    AuditPage byActor = audit.events(new AuditQuery(chain + ".", "u-1", "user", "s", null, null,
        null, null, 50));
    assertThat(byActor.entries()).extracting(AuditEntry::seq).containsExactly(6L, 4L, 2L);
  }

  @Test
  void manyThreadsAppendingKeepOneUnbrokenChain() throws Exception {
    String chain = chain();
    int threads = 16;
    int each = 25;
    List<Callable<List<Long>>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      work.add(() -> {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          seqs.add(audit.append(new AuditEvent(chain + ".race", "user", "t" + thread, null, null,
              null, Map.of("i", Integer.toString(i)))));
        }
        return seqs;
      });
    }
    Set<Long> all = new HashSet<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (Future<List<Long>> f : pool.invokeAll(work)) {
        all.addAll(f.get());
      }
    }
    int total = threads * each;
    assertThat(all).hasSize(total);
    assertThat(all).allMatch(s -> s >= 1 && s <= total);
    List<String[]> links = jdbc.sql(
        "select prev_hash, hash from audit.events where chain = :c order by seq")
        .param("c", chain).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    assertThat(links).hasSize(total);
    for (int i = 1; i < links.size(); i++) {
      assertThat(links.get(i)[0]).isEqualTo(links.get(i - 1)[1]);
    }
  }

  private List<String> actions(String chain) {
    return audit.events(new AuditQuery(null, null, null, null, null, null, chain, null, 50))
        .entries().stream().map(AuditEntry::action).toList();
  }
}
