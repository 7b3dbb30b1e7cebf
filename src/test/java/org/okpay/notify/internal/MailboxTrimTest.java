package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The development mailbox's trim keeps the newest messages and, bounded by where the last trim
 * stopped, never reads again the rows earlier trims deleted.
 */
@OkPayTest
class MailboxTrimTest {

  @Autowired JdbcClient jdbc;

  @Test
  void aTrimKeepsTheNewestAndTheNextStartsWhereItStopped() {
    MailboxStore store = new MailboxStore(jdbc);
    long base = 9_000_000_000L + (UUID.randomUUID().getMostSignificantBits() & 0xffffffL) * 100;
    insert(store, base, 5);
    long keepFrom = newestIds(3).getLast();

    long bound = store.trim(3, 0);

    assertThat(bound).isEqualTo(keepFrom);
    assertThat(jdbc.sql("select count(*) from notify.mailbox where id < :b").param("b", bound)
        .query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from notify.mailbox where id >= :b").param("b", bound)
        .query(Long.class).single()).isGreaterThanOrEqualTo(3);

    insert(store, base + 10, 2);
    long second = store.trim(3, bound);
    assertThat(second).isGreaterThan(bound);
    assertThat(jdbc.sql("select count(*) from notify.mailbox where id >= :b")
        .param("b", second).query(Long.class).single()).isGreaterThanOrEqualTo(3);
    assertThat(store.trim(1_000_000, second)).as("nothing to delete: the bound stays")
        .isEqualTo(second);
  }

  private List<Long> newestIds(int n) {
    return jdbc.sql("select id from notify.mailbox order by id desc limit :n").param("n", n)
        .query(Long.class).list();
  }

  private static void insert(MailboxStore store, long firstOutboxId, int count) {
    store.insertAll(LongStream.range(firstOutboxId, firstOutboxId + count).mapToObj(id ->
        new MailboxStore.NewMessage(id, "trim@example.com", "OKPay <no-reply@okpay.local>",
            new RenderedEmail("s", "<p>h</p>", "t", null), "en", "generic")).toList());
  }
}
