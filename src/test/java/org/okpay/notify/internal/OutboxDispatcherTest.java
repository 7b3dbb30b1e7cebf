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
import org.okpay.notify.EnqueueResult;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.NotifyApi;
import org.okpay.notify.NotifyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dispatcher's edges: restarts, what cannot be rendered, claims that were lost, retention;
 * and the in-app rows it still delivers from the outbox (written there before in-app notices
 * were written straight into notify.notifications, or by an instance not yet upgraded).
 */
@OkPayTest
class OutboxDispatcherTest {

  @Autowired NotifyApi notify;
  @Autowired OutboxStore outbox;
  @Autowired OutboxRetention retention;
  @Autowired JdbcClient jdbc;
  @Autowired OutboxDispatcher dispatcher;
  @Autowired org.springframework.transaction.support.TransactionTemplate tx;
  @Autowired Variables variables;
  @Autowired NotificationStore notifications;
  @Autowired org.springframework.beans.factory.ObjectProvider<org.okpay.notify.AntiPhishingPhrases>
      phrases;

  @Test
  void theDispatcherDeliversAgainAfterAStopAndAStart() {
    // The test framework pauses an idle context this way; so may an operator.
    dispatcher.stop();
    assertThat(dispatcher.isRunning()).isFalse();
    dispatcher.start();
    assertThat(dispatcher.isRunning()).isTrue();

    String user = NotifyFixture.uniqueUser("restart");
    long id = legacyInApp(user, null);
    dispatcher.wake();
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(id)));
    assertThat(notify.notifications(user, 1)).hasSize(1);
  }

  @Test
  void manyInAppNotificationsAreDeliveredTogetherEachOnceWithABadOneFailedOnItsOwn() {
    String user = NotifyFixture.uniqueUser("together");
    // Written in one transaction, so a dispatcher round claims them in one batch.
    List<Long> ids = tx.execute(status -> java.util.stream.IntStream.range(0, 6).mapToObj(i ->
        legacyInApp(user, null)).toList());
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
      good.add(legacyInApp(user, null));
      bad[0] = jdbc.sql("""
          insert into notify.outbox (channel, recipient, locale, template, variables, request_hash)
          values ('in_app', :user, 'en', 'password-changed',
                  '{"time": {"instant": "2026-11-25T10:00:00Z"}}', :hash) returning id
          """).param("user", tooLong).param("hash", new byte[32]).query(Long.class).single();
      for (int i = 0; i < 3; i++) {
        good.add(legacyInApp(user, null));
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
    long id = legacyInApp(user, null);
    dispatcher.wake();
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
    long old = legacyInApp(user, null);
    long recent = legacyInApp(user, null);
    dispatcher.wake();
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
    // Written straight, as in-app notices are now: kept as long as one from the outbox.
    long oldWritten = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)).outboxId();
    long recentWritten = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH))
        .outboxId();
    jdbc.sql("""
        update notify.notifications set created_at = now() - interval '366 days'
         where outbox_id in (:ids)
        """).param("ids", List.of(old, oldWritten)).update();

    retention.purge();

    assertThat(jdbc.sql("select id from notify.outbox where id in (:ids)")
        .param("ids", java.util.List.of(old, recent, pending)).query(Long.class).list())
        .containsExactlyInAnyOrder(recent, pending);
    assertThat(jdbc.sql("""
        select outbox_id from notify.notifications where user_id = :u
        """).param("u", user).query(Long.class).list())
        .containsExactlyInAnyOrder(recent, recentWritten);
    jdbc.sql("delete from notify.outbox where id = :id").param("id", pending).update();
  }

  @Test
  void anInAppRowLeftInTheOutboxIsDeliveredOnceWithItsDedupKey() {
    String user = NotifyFixture.uniqueUser("legacy");
    String key = "legacy:" + UUID.randomUUID();
    InAppRequest request = keyed(NotifyFixture.passwordChanged(user, Locale.ENGLISH), key);
    long id = legacyInApp(user, key);
    dispatcher.wake();
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(id)));

    assertThat(notify.notifications(user, 10)).singleElement().satisfies(n ->
        assertThat(n.title()).isEqualTo("Your password was changed"));
    // The key came with it: the same request written straight now is a duplicate of that row,
    // and a different one under its key is named as such, as while the outbox held the key.
    assertThat(notify.inApp(request))
        .isEqualTo(new EnqueueResult(id, EnqueueResult.Outcome.ALREADY_ENQUEUED));
    assertThat(notify.inApp(new InAppRequest(user, Locale.SIMPLIFIED_CHINESE, request.template(),
        request.variables(), request.link(), key)))
        .isEqualTo(new EnqueueResult(id, EnqueueResult.Outcome.DEDUP_KEY_REUSED));
    assertThat(notify.notifications(user, 10)).hasSize(1);
  }

  @Test
  void anInAppRowWhoseKeyWasWrittenStraightMeanwhileIsSentWithoutASecondNotification() {
    String user = NotifyFixture.uniqueUser("legacy-race");
    String key = "legacy:" + UUID.randomUUID();
    // An instance not yet upgraded queued it (due later, so no dispatcher delivers it yet); an
    // upgraded one wrote the replay straight away.
    long id = legacyInApp(user, key, true);
    assertThat(notify.inApp(keyed(NotifyFixture.passwordChanged(user, Locale.ENGLISH), key))
        .enqueued()).isTrue();
    due(id);
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(id)));

    assertThat(notify.notifications(user, 10)).hasSize(1);
    assertThat(row(id)).containsEntry("attempts", 1);
  }

  @Test
  void listsOrderOldAndNewNotificationsByWhenTheyWereEnqueued() {
    String user = NotifyFixture.uniqueUser("order");
    long queued = legacyInApp(user, null, true);
    long written = notify.inApp(new InAppRequest(user, Locale.ENGLISH,
        org.okpay.notify.InAppTemplate.TWO_FACTOR_ENABLED,
        Map.of("time", java.time.Instant.parse("2026-11-25T10:00:00Z")), null, null)).outboxId();
    due(queued);
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(queued)));

    assertThat(written).isGreaterThan(queued);
    // Delivered after the one written straight, listed before it: in the order they were asked.
    assertThat(notify.notifications(user, 10)).extracting(n -> n.template().key())
        .containsExactly("two-factor-enabled", "password-changed");
  }

  /** Makes a held row due and wakes this instance's dispatcher. */
  private void due(long id) {
    jdbc.sql("update notify.outbox set next_attempt_at = clock_timestamp() where id = :id")
        .param("id", id).update();
    dispatcher.wake();
  }

  @Test
  void anInAppNoticeThatCannotBeRenderedIsQueuedInsteadOfFailingTheCallersTransaction() {
    // Texts this version lacks: rendering at enqueue throws, as the dispatcher's would.
    NotifyService broken = new NotifyService(outbox, notifications, variables, dispatcher,
        new Renderer(new org.springframework.context.support.StaticMessageSource(), variables,
            phrases, "", true));
    String user = NotifyFixture.uniqueUser("unrenderable-in-app");

    EnqueueResult result = tx.execute(status ->
        broken.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)));

    assertThat(result.enqueued()).as("the caller's transaction committed").isTrue();
    assertThat(jdbc.sql("select channel from notify.outbox where id = :id")
        .param("id", result.outboxId()).query(String.class).single()).isEqualTo("in_app");
    // This instance's dispatcher renders it with the real texts (a broken version's would mark
    // it failed, as it always did).
    await().atMost(NotifyFixture.DELIVERY_WAIT).until(() -> "sent".equals(status(result.outboxId())));
    assertThat(notify.notifications(user, 10)).singleElement().satisfies(n ->
        assertThat(n.title()).isEqualTo("Your password was changed"));
  }

  private static InAppRequest keyed(InAppRequest request, String key) {
    return new InAppRequest(request.userId(), request.locale(), request.template(),
        request.variables(), request.link(), key);
  }

  /**
   * An in-app outbox row as {@link NotifyService} wrote one for
   * {@link NotifyFixture#passwordChanged} in English before in-app notices skipped the outbox.
   */
  private long legacyInApp(String user, String dedupKey) {
    return legacyInApp(user, dedupKey, false);
  }

  /** As {@link #legacyInApp(String, String)}; held: due only in a day (or at {@link #due}). */
  private long legacyInApp(String user, String dedupKey, boolean held) {
    InAppRequest request = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    String json = variables.encode(request.variables());
    return jdbc.sql("""
        insert into notify.outbox
          (channel, recipient, locale, template, variables, link, dedup_key, request_hash,
           next_attempt_at)
        values ('in_app', :user, 'en', :template, cast(:variables as jsonb), :link, :key, :hash,
                clock_timestamp() + case when :held then interval '1 day' else interval '0' end)
        returning id
        """)
        .param("user", user).param("held", held).param("template", request.template().key())
        .param("variables", json).param("link", request.link()).param("key", dedupKey)
        .param("hash", NotifyService.hash("in_app", user, "en", request.template().key(), json,
            request.link()))
        .query(Long.class).single();
  }

  private String status(long id) {
    return (String) row(id).get("status");
  }

  private Map<String, Object> row(long id) {
    return jdbc.sql("select status, attempts, last_error from notify.outbox where id = :id")
        .param("id", id).query().singleRow();
  }
}
