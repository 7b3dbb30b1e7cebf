package org.okpay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enqueueing is part of the caller's transaction: a rollback leaves no outbox row and no in-app
 * notification, and nothing is visible to the dispatcher or the user (another connection) before
 * the commit. Dedup keys make it idempotent on both channels, and a key reused for a different
 * request is named as such.
 */
@OkPayTest
class OutboxTransactionTest {

  @Autowired NotifyApi notify;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aRolledBackTransactionLeavesNoOutboxRow() {
    String to = NotifyFixture.uniqueAddress("rollback");
    TransactionTemplate tx = new TransactionTemplate(transactions);

    assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
      EnqueueResult result = notify.email(
          NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), null));
      assertThat(result.enqueued()).isTrue();
      assertThat(rowsFor(to)).as("visible inside the transaction").isEqualTo(1);
      throw new IllegalStateException("the caller's own work failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(rowsFor(to)).isZero();
  }

  @Test
  void setRollbackOnlyAlsoDiscardsTheRow() {
    String user = NotifyFixture.uniqueUser("rollback-only");
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH));
      status.setRollbackOnly();
    });

    assertThat(rowsFor(user)).isZero();
    assertThat(notify.notifications(user, 10)).isEmpty();
  }

  @Test
  void anInAppNoticeIsWrittenInTheCallersTransactionAndLeavesNothingWhenItRollsBack() {
    String user = NotifyFixture.uniqueUser("in-app-rollback");
    TransactionTemplate tx = new TransactionTemplate(transactions);

    assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
      EnqueueResult result = notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH));
      assertThat(result.enqueued()).isTrue();
      assertThat(notify.notifications(user, 10)).as("the caller's transaction sees it")
          .hasSize(1);
      assertThat(rowsSeenByAnotherConnection(user)).as("nobody else does").isZero();
      throw new IllegalStateException("the caller's own work failed");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(rowsFor(user)).isZero();
    assertThat(notify.notifications(user, 10)).isEmpty();
    assertThat(notify.unreadCount(user)).isZero();

    // Committed, it is there at once: written, not queued, so no dispatcher is waited for.
    EnqueueResult committed = tx.execute(status ->
        notify.inApp(NotifyFixture.passwordChanged(user, Locale.ENGLISH)));
    assertThat(rowsSeenByAnotherConnection(user)).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from notify.outbox where recipient = :r")
        .param("r", user).query(Long.class).single()).as("no outbox row").isZero();
    assertThat(jdbc.sql("select outbox_id from notify.notifications where user_id = :u")
        .param("u", user).query(Long.class).single()).isEqualTo(committed.outboxId());
    assertThat(notify.notifications(user, 10)).singleElement().satisfies(n -> {
      assertThat(n.title()).isEqualTo("Your password was changed");
      assertThat(n.read()).isFalse();
    });
  }

  @Test
  void anInAppDedupKeyWritesOneNotificationAndAnswersAsTheOutboxDid() {
    String user = NotifyFixture.uniqueUser("in-app-dedup");
    String key = "pw-changed:" + UUID.randomUUID();
    InAppRequest base = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    InAppRequest keyed = new InAppRequest(user, Locale.ENGLISH, base.template(), base.variables(),
        base.link(), key);

    EnqueueResult first = notify.inApp(keyed);
    EnqueueResult replay = notify.inApp(keyed);
    EnqueueResult otherLink = notify.inApp(new InAppRequest(user, Locale.ENGLISH,
        base.template(), base.variables(), "/account", key));
    EnqueueResult otherLanguage = notify.inApp(new InAppRequest(user, Locale.SIMPLIFIED_CHINESE,
        base.template(), base.variables(), base.link(), key));
    EnqueueResult otherUser = notify.inApp(new InAppRequest(NotifyFixture.uniqueUser("other"),
        Locale.ENGLISH, base.template(), base.variables(), base.link(), key));
    // A locale answered in the same language is the same request, as it was in the outbox.
    EnqueueResult sameLanguage = notify.inApp(new InAppRequest(user, Locale.UK, base.template(),
        base.variables(), base.link(), key));

    assertThat(first.outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
    assertThat(replay).isEqualTo(new EnqueueResult(first.outboxId(),
        EnqueueResult.Outcome.ALREADY_ENQUEUED));
    assertThat(sameLanguage).isEqualTo(replay);
    for (EnqueueResult reused : List.of(otherLink, otherLanguage, otherUser)) {
      assertThat(reused).isEqualTo(new EnqueueResult(first.outboxId(),
          EnqueueResult.Outcome.DEDUP_KEY_REUSED));
    }
    assertThat(jdbc.sql("select count(*) from notify.notifications where dedup_key = :k")
        .param("k", key).query(Long.class).single()).isEqualTo(1);
    assertThat(notify.notifications(user, 10)).hasSize(1);

    // Within one call too, and a key rolled back with its transaction is free again.
    String fresh = "pw-changed:" + UUID.randomUUID();
    InAppRequest again = new InAppRequest(user, Locale.ENGLISH, base.template(),
        base.variables(), base.link(), fresh);
    assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
      assertThat(notify.enqueueAll(List.of(again, again))).extracting(EnqueueResult::outcome)
          .containsExactly(EnqueueResult.Outcome.ENQUEUED, EnqueueResult.Outcome.ALREADY_ENQUEUED);
      throw new IllegalStateException("rolled back");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(notify.inApp(again).enqueued()).isTrue();
    assertThat(notify.notifications(user, 10)).hasSize(2);
  }

  @Test
  void theRowIsInvisibleToOtherConnectionsUntilTheCommit() {
    String to = NotifyFixture.uniqueAddress("commit");
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), null));
      assertThat(rowsSeenByAnotherConnection(to)).as("before commit").isZero();
    });

    assertThat(rowsSeenByAnotherConnection(to)).as("after commit").isEqualTo(1);
  }

  @Test
  void aDedupKeyMakesTheSecondEnqueueANoOpAndNamesAReusedKey() {
    String to = NotifyFixture.uniqueAddress("dedup");
    String key = "reset:" + UUID.randomUUID();
    String link = NotifyFixture.resetLink();

    EnqueueResult first = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, key));
    EnqueueResult replay = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link, key));
    EnqueueResult reused = notify.email(
        NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), key));
    EnqueueResult otherLanguage = notify.email(
        NotifyFixture.passwordReset(to, Locale.SIMPLIFIED_CHINESE, link, key));

    assertThat(first.outcome()).isEqualTo(EnqueueResult.Outcome.ENQUEUED);
    assertThat(replay).isEqualTo(new EnqueueResult(first.outboxId(),
        EnqueueResult.Outcome.ALREADY_ENQUEUED));
    assertThat(reused).isEqualTo(new EnqueueResult(first.outboxId(),
        EnqueueResult.Outcome.DEDUP_KEY_REUSED));
    assertThat(otherLanguage.outcome()).isEqualTo(EnqueueResult.Outcome.DEDUP_KEY_REUSED);
    assertThat(rowsFor(to)).isEqualTo(1);
  }

  @Test
  void dedupKeysAreScopedByChannel() {
    String key = "both:" + UUID.randomUUID();
    String user = NotifyFixture.uniqueUser("scoped");
    EnqueueResult email = notify.email(NotifyFixture.passwordReset(
        NotifyFixture.uniqueAddress("scoped"), Locale.ENGLISH, NotifyFixture.resetLink(), key));
    InAppRequest base = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    EnqueueResult inApp = notify.inApp(new InAppRequest(base.userId(), base.locale(),
        base.template(), base.variables(), base.link(), key));

    assertThat(email.enqueued()).isTrue();
    assertThat(inApp.enqueued()).isTrue();
    assertThat(inApp.outboxId()).isNotEqualTo(email.outboxId());
  }

  @Test
  void enqueueAllWritesEveryRowInOrderAndAnswersAsOneByOneWould() {
    String to = NotifyFixture.uniqueAddress("all");
    String user = NotifyFixture.uniqueUser("all");
    String key = "all:" + UUID.randomUUID();
    String link = NotifyFixture.resetLink();
    EnqueueResult earlier = notify.email(NotifyFixture.passwordReset(to, Locale.ENGLISH, link,
        key + ":taken"));
    InAppRequest changed = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    InAppRequest keyed = new InAppRequest(user, Locale.ENGLISH, changed.template(),
        changed.variables(), changed.link(), key);

    List<EnqueueResult> results = new TransactionTemplate(transactions).execute(status ->
        notify.enqueueAll(List.of(
            changed,
            NotifyFixture.passwordReset(to, Locale.ENGLISH, link, key + ":taken"),
            keyed,
            changed,
            NotifyFixture.passwordReset(to, Locale.ENGLISH, NotifyFixture.resetLink(), key + ":taken"),
            keyed,
            new InAppRequest(user, Locale.SIMPLIFIED_CHINESE, changed.template(),
                changed.variables(), changed.link(), key))));

    assertThat(results).extracting(EnqueueResult::outcome).containsExactly(
        EnqueueResult.Outcome.ENQUEUED, EnqueueResult.Outcome.ALREADY_ENQUEUED,
        EnqueueResult.Outcome.ENQUEUED, EnqueueResult.Outcome.ENQUEUED,
        EnqueueResult.Outcome.DEDUP_KEY_REUSED, EnqueueResult.Outcome.ALREADY_ENQUEUED,
        EnqueueResult.Outcome.DEDUP_KEY_REUSED);
    assertThat(results.get(1).outboxId()).isEqualTo(earlier.outboxId());
    assertThat(results.get(4).outboxId()).isEqualTo(earlier.outboxId());
    assertThat(results.get(5).outboxId()).isEqualTo(results.get(2).outboxId());
    assertThat(results.get(6).outboxId()).isEqualTo(results.get(2).outboxId());
    List<Long> written = jdbc.sql("""
        select outbox_id from notify.notifications where user_id = :u order by outbox_id
        """).param("u", user).query(Long.class).list();
    assertThat(written).as("the three new notifications, in the order asked").containsExactly(
        results.get(0).outboxId(), results.get(2).outboxId(), results.get(3).outboxId());
    assertThat(jdbc.sql("select dedup_key from notify.notifications where outbox_id = :id")
        .param("id", results.get(2).outboxId()).query(String.class).single()).isEqualTo(key);
    assertThat(notify.notifications(user, 10)).extracting(Notification::title)
        .containsOnly("Your password was changed");
    assertThat(rowsFor(to)).isEqualTo(1);
    assertThat(rowsFor(user)).isEqualTo(3);
  }

  @Test
  void enqueueAllJoinsTheCallersTransactionAndChecksEveryRequestFirst() {
    String user = NotifyFixture.uniqueUser("all-rollback");
    InAppRequest changed = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
      notify.enqueueAll(List.of(changed, changed));
      assertThat(rowsSeenByAnotherConnection(user)).as("before commit").isZero();
      throw new IllegalStateException("the caller's own work failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> notify.enqueueAll(List.of(changed,
        new EmailRequest("not-an-address", Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL, Map.of()))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> notify.enqueueAll(
        java.util.Collections.nCopies(NotifyApi.ENQUEUE_ALL_MAX + 1, changed)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(rowsSeenByAnotherConnection(user)).isZero();
    assertThat(notify.enqueueAll(List.of())).isEmpty();
  }

  @Test
  void requestsOutsideTheLimitsAreRefusedAndWriteNothing() {
    String to = NotifyFixture.uniqueAddress("bad");
    Map<String, Object> good = Map.of("link", "https://okpay.example/x", "expiresInMinutes", 30);

    assertRefused(new EmailRequest("not-an-address", Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL, good));
    assertRefused(new EmailRequest(to + "\r\nBcc: x@example.com", Locale.ENGLISH,
        EmailTemplate.VERIFY_EMAIL, good));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL,
        Map.of("link", "https://okpay.example/x")));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL,
        Map.of("link", "javascript:alert(1)", "expiresInMinutes", 30)));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL,
        Map.of("link", "https://okpay.example/x", "expiresInMinutes", 30, "typo", "x")));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL,
        Map.of("link", "https://okpay.example/x", "expiresInMinutes", 30, "name", "x".repeat(2001))));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL,
        Map.of("link", "https://okpay.example/x", "expiresInMinutes", 30.5)));
    assertRefused(new EmailRequest(to, Locale.ENGLISH, EmailTemplate.VERIFY_EMAIL, good,
        "k".repeat(129)));
    assertThat(rowsFor(to)).isZero();

    String user = NotifyFixture.uniqueUser("bad");
    InAppRequest base = NotifyFixture.passwordChanged(user, Locale.ENGLISH);
    for (String link : new String[] {"//evil.example/x", "https://evil.example", "/\\evil"}) {
      assertThatThrownBy(() -> notify.inApp(new InAppRequest(user, Locale.ENGLISH,
          base.template(), base.variables(), link, null)))
          .as(link).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> notify.inApp(new InAppRequest("u".repeat(65), Locale.ENGLISH,
        base.template(), base.variables(), null, null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> notify.notifications(user, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> notify.notifications(user, NotifyApi.NOTIFICATIONS_LIMIT_MAX + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(rowsFor(user)).isZero();
  }

  private void assertRefused(EmailRequest request) {
    assertThatThrownBy(() -> notify.email(request)).as(request.toString())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Outbox rows to an address or user, and in-app notifications to a user. */
  private static final String ROWS_FOR = """
      select (select count(*) from notify.outbox where recipient = ?)
           + (select count(*) from notify.notifications where user_id = ?)
      """;

  private long rowsFor(String to) {
    return jdbc.sql(ROWS_FOR).params(to, to).query(Long.class).single();
  }

  /** Straight from the pool, bypassing Spring's transaction binding: what another instance sees. */
  private long rowsSeenByAnotherConnection(String to) {
    try (Connection connection = dataSource.getConnection();
         PreparedStatement statement = connection.prepareStatement(ROWS_FOR)) {
      statement.setString(1, to);
      statement.setString(2, to);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
