package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SupportApi: open is idempotent on the source key, also under concurrency; reads are scoped. */
@OkPayTest
class SupportApiTest {

  static final int THREADS = 16;

  @Autowired SupportApi support;
  @Autowired TestUsers users;
  @Autowired JdbcClient jdbc;

  @Test
  void openStartsTheClocksAndTheSameSourceKeyAnswersTheSameCase() {
    TestUser pat = users.user().create();
    String key = "test:" + UUID.randomUUID();
    Instant before = Instant.now();

    SupportCase opened = support.open(newCase(pat, key, "Where is my money?"));
    SupportCase again = support.open(newCase(pat, key, "Another subject"));

    assertThat(again.id()).isEqualTo(opened.id());
    assertThat(again.subject()).isEqualTo("Where is my money?");
    assertThat(opened.reference()).matches("C-\\d{8}-[0-9A-Z]{4}");
    assertThat(opened.status()).isEqualTo(CaseStatus.OPEN);
    assertThat(opened.sla()).isEqualTo("ok");
    // Normal: first reply within 24 h, resolution within 5 days.
    assertThat(Duration.between(opened.openedAt(), opened.answerBy())).isEqualTo(
        Duration.ofHours(24));
    assertThat(Duration.between(opened.openedAt(), opened.resolveBy())).isEqualTo(
        Duration.ofDays(5));
    assertThat(opened.openedAt()).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(count("select count(*) from support.case_messages where case_id = :id",
        opened.id())).isEqualTo(1);
    // One confirmation e-mail and one in-app notice, however often it was opened.
    assertThat(jdbc.sql("select count(*) from notify.outbox where dedup_key like :key")
        .param("key", "support:" + opened.id() + ":opened:%").query(Long.class).single())
        .isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from notify.notifications where dedup_key like :key")
        .param("key", "support:" + opened.id() + ":opened:%").query(Long.class).single())
        .isEqualTo(1);
  }

  @Test
  void concurrentOpensWithOneSourceKeyMakeOneCase() throws Exception {
    TestUser pat = users.user().create();
    String key = "test:race:" + UUID.randomUUID();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<SupportCase>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        Callable<SupportCase> open = () -> {
          start.await();
          return support.open(newCase(pat, key, "Race"));
        };
        results.add(pool.submit(open));
      }
      start.countDown();
      List<UUID> ids = new ArrayList<>();
      for (Future<SupportCase> f : results) {
        ids.add(f.get().id());
      }
      assertThat(ids).hasSize(THREADS).allMatch(id -> id.equals(ids.get(0)));
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.sql("select count(*) from support.cases where source_key = :key")
        .param("key", key).query(Long.class).single()).isEqualTo(1);
    UUID id = support.casesOf(pat.id(), 10).get(0).id();
    assertThat(count("select count(*) from support.case_messages where case_id = :id", id))
        .isEqualTo(1);
  }

  @Test
  void aCustomerReadsOnlyTheirOwnCases() {
    TestUser pat = users.user().create();
    TestUser sam = users.user().create();
    SupportCase first = support.open(newCase(pat, "test:" + UUID.randomUUID(), "First"));
    SupportCase second = support.open(newCase(pat, "test:" + UUID.randomUUID(), "Second"));
    SupportCase sams = support.open(newCase(sam, "test:" + UUID.randomUUID(), "Sam's"));

    assertThat(support.casesOf(pat.id(), 10)).extracting(SupportCase::id)
        .containsExactly(second.id(), first.id());
    assertThat(support.casesOf(pat.id(), 1)).hasSize(1);
    assertThat(support.caseOf(pat.id(), first.id())).isPresent();
    assertThat(support.caseOf(pat.id(), sams.id())).isEmpty();
    assertThat(support.caseOf(sam.id(), first.id())).isEmpty();
    assertThat(support.caseOf(pat.id(), UUID.randomUUID())).isEmpty();
  }

  @Test
  void urgentCasesAreDueInAnHour() {
    TestUser pat = users.user().create();
    SupportCase urgent = support.open(new NewCase(pat.id(), pat.email(), "zh-CN",
        CaseCategory.ACCOUNT_SECURITY, CasePriority.URGENT, "Hacked", null, null,
        "test:" + UUID.randomUUID(), "system"));

    assertThat(Duration.between(urgent.openedAt(), urgent.answerBy())).isEqualTo(
        Duration.ofHours(1));
    assertThat(Duration.between(urgent.openedAt(), urgent.resolveBy())).isEqualTo(
        Duration.ofHours(24));
    assertThat(count("select count(*) from support.case_messages where case_id = :id",
        urgent.id())).isZero();
  }

  private long count(String sql, UUID id) {
    return jdbc.sql(sql).param("id", id).query(Long.class).single();
  }

  static NewCase newCase(TestUser user, String key, String subject) {
    return new NewCase(user.id(), user.email(), "en", CaseCategory.MONEY_NOT_RECEIVED,
        CasePriority.NORMAL, subject, "It has not arrived.", null, key, "web");
  }
}
