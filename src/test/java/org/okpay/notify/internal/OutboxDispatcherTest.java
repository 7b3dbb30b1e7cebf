package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.notify.NotifyApi;
import org.okpay.notify.NotifyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The dispatcher's edges: restarts, what cannot be rendered, claims that were lost, retention. */
@OkPayTest
class OutboxDispatcherTest {

  @Autowired NotifyApi notify;
  @Autowired OutboxStore outbox;
  @Autowired OutboxRetention retention;
  @Autowired JdbcClient jdbc;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;

  @Test
  void theDispatcherDeliversAgainAfterAStopAndAStart() {
    // The test framework pauses an idle context this way; so may an operator.
    dispatcher.stop();
    assertThat(dispatcher.isRunning()).isFalse();
    dispatcher.start();
    assertThat(dispatcher.isRunning()).isTrue();

    String user = NotifyFixture.uniqueUser("restart");
    long id = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId();
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(id)));
    assertThat(notify.notifications(user, 1)).hasSize(1);
  }

  @Test
  void manyInAppNotificationsAreDeliveredTogetherEachOnceWithABadOneFailedOnItsOwn() {
    String user = NotifyFixture.uniqueUser("together");
    // Written in one transaction, so a dispatcher round claims them in one batch.
    List<Long> ids = tx.execute(status -> java.util.stream.IntStream.range(0, 6).mapToObj(i ->
        notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId()).toList());
    long bad = jdbc.sql("""
        insert into notify.outbox (channel, recipient, locale, template, request_hash)
        values ('in_app', :user, 'en', 'no-such-template', :hash) returning id
        """).param("user", user).param("hash", new byte[32]).query(Long.class).single();

    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() ->
        ids.stream().allMatch(id -> "sent".equals(status(id))) && "failed".equals(status(bad)));
    assertThat(notify.notifications(user, 100)).hasSize(6);
    assertThat(jdbc.sql("select count(*) from notify.notifications where user_id = :u")
        .param("u", user).query(Integer.class).single()).isEqualTo(6);
  }

  @Test
  void aRowTheDatabaseRefusesIsRetriedAloneAndTheRestOfItsBatchIsDelivered() {
    String user = NotifyFixture.uniqueUser("batch-refused");
    // The outbox takes a recipient of up to 254 characters, a notification's user id only 64:
    // this row renders, but writing its notification fails, and with it the batch's transaction.
    String tooLong = "refused-" + "u".repeat(90);
    long[] bad = new long[1];
    List<Long> ids = tx.execute(status -> {
      List<Long> good = new java.util.ArrayList<>();
      good.add(notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId());
      bad[0] = jdbc.sql("""
          insert into notify.outbox (channel, recipient, locale, template, variables, request_hash)
          values ('in_app', :user, 'en', 'password-changed',
                  '{"time": {"instant": "2026-11-25T10:00:00Z"}}', :hash) returning id
          """).param("user", tooLong).param("hash", new byte[32]).query(Long.class).single();
      for (int i = 0; i < 3; i++) {
        good.add(notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId());
      }
      return good;
    });
    try {
      await().atMost(NotifyFixture.DELIVERY_WAIT).until(() ->
          ids.stream().allMatch(id -> "sent".equals(status(id))) && row(bad[0]).get("last_error") != null);
      assertThat(notify.notifications(user, 10)).hasSize(4);
      assertThat(row(bad[0])).containsEntry("status", "pending").containsEntry("attempts", 1);
      assertThat((String) row(bad[0]).get("last_error")).contains("notifications");
      assertThat(jdbc.sql("select count(*) from notify.notifications where outbox_id = :id")
          .param("id", bad[0]).query(Integer.class).single()).isZero();
    } finally {
      jdbc.sql("delete from notify.outbox where id = :id").param("id", bad[0]).update();
    }
  }

  @Test
  void aRowThatCannotBeRenderedFailsAtOnceWithoutRetrying() {
    String to = NotifyFixture.uniqueAddress("unrenderable");
    // A template this version does not know, as an older or newer instance might have written.
    long id = jdbc.sql("""
        insert into notify.outbox (channel, recipient, locale, template, request_hash)
        values ('email', :to, 'en', 'no-such-template', :hash) returning id
        """).param("to", to).param("hash", new byte[32]).query(Long.class).single();

    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "failed".equals(status(id)));
    Map<String, Object> row = row(id);
    assertThat(row).containsEntry("attempts", 1);
    assertThat((String) row.get("last_error")).startsWith("render: ");
  }

  @Test
  void aClaimThatWasLostRecordsNothing() {
    String user = NotifyFixture.uniqueUser("lost-claim");
    long id = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId();
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(id)));

    OutboxRow stale = new OutboxRow(id, OutboxRow.Channel.IN_APP, user, Locale.ENGLISH,
        "password-changed", "{}", null, 1, UUID.randomUUID(), java.time.Instant.now());
    assertThat(outbox.markSent(stale)).isFalse();
    assertThat(outbox.markRetry(stale, Duration.ofSeconds(1), "late")).isFalse();
    assertThat(outbox.markFailed(stale, "late")).isFalse();
    assertThat(outbox.release(stale)).isFalse();
    assertThat(outbox.markSentAll(stale.claimToken(), List.of(id))).isEmpty();
    assertThat(outbox.releaseAll(stale.claimToken(), List.of(id))).isZero();
    assertThat(row(id)).containsEntry("status", "sent").containsEntry("attempts", 1);
  }

  @Test
  void retentionDeletesOldFinishedRowsButNeverPendingOnes() {
    String user = NotifyFixture.uniqueUser("retention");
    long old = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId();
    long recent = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId();
    await().atMost(NotifyFixture.DELIVERY_WAIT)
        .until(() -> "sent".equals(status(old)) && "sent".equals(status(recent)));
    String pendingTo = NotifyFixture.uniqueAddress("retention");
    long pending = jdbc.sql("""
        insert into notify.outbox (channel, recipient, locale, template, request_hash,
                                   next_attempt_at, created_at)
        values ('email', :to, 'en', 'generic', :hash, now() + interval '1 day',
                now() - interval '400 days') returning id
        """).param("to", pendingTo).param("hash", new byte[32]).query(Long.class).single();
    jdbc.sql("update notify.outbox set created_at = now() - interval '31 days' where id = :id")
        .param("id", old).update();
    jdbc.sql("""
        update notify.notifications set created_at = now() - interval '366 days'
         where outbox_id = :id
        """).param("id", old).update();

    retention.purge();

    assertThat(jdbc.sql("select id from notify.outbox where id in (:ids)")
        .param("ids", java.util.List.of(old, recent, pending)).query(Long.class).list())
        .containsExactlyInAnyOrder(recent, pending);
    assertThat(notify.notifications(user, 10)).hasSize(1);
    jdbc.sql("delete from notify.outbox where id = :id").param("id", pending).update();
  }

  private String status(long id) {
    return (String) row(id).get("status");
  }

  private Map<String, Object> row(long id) {
    return jdbc.sql("select status, attempts, last_error from notify.outbox where id = :id")
        .param("id", id).query().singleRow();
  }
}
