package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.Role;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 14: a state move of payments.transactions changes no indexed column, so PostgreSQL
 * makes it a HOT update (a new row version on the same page and no index entry written), and
 * the work lists (V50) follow every move in the same statement.
 *
 * <p>Each move runs in a transaction of its own that reads PostgreSQL's counters of its server
 * process ({@code pg_stat_get_xact_tuples_updated} and {@code _hot_updated}) before and after
 * it: exact and at once, where the cumulative statistics are flushed later by each process. A HOT update also needs room on the row's page: the fillfactor of
 * V50 keeps 15 % of every page free (about 1,200 bytes), and the rows here are lean (about 250
 * bytes with their header), so the new versions a test makes on one page before they can be
 * pruned (four at most) always fit.
 */
@OkPayTest
class HotMovesTest {

  static final Currency USD = Currency.getInstance("USD");
  /** Rows of one recorder batch moved in one statement; see the class comment for the room. */
  static final int BATCH = 4;

  @Autowired Recorder recorder;
  @Autowired Completer completer;
  @Autowired TransactionStore store;
  @Autowired Reviews reviews;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void theCompletersBatchMoveIsHotAndTakesThePaymentsOffTheWorkList() {
    List<Completer.Completing> batch = recordedTogether();
    for (Completer.Completing c : batch) {
      assertThat(listed(c.t().id())).as("listed when recorded").contains("created");
    }

    Updates updates = measured(() -> completer.write(batch).stream()
        .filter(Optional::isPresent).count());

    assertThat(updates.result()).isEqualTo(BATCH);
    assertThat(updates.rows()).isEqualTo(BATCH);
    assertThat(updates.hot()).as("HOT updates of payments.transactions").isEqualTo(BATCH);
    for (Completer.Completing c : batch) {
      assertThat(listed(c.t().id())).as("a completed P2P payment is on no work list").isEmpty();
    }
  }

  @Test
  void aPayoutsMovesAreHotAndItStaysWatchedUntilItIsReturned() {
    PaymentTransaction payout = inserted("withdrawal", Rail.DOMESTIC_BANK);
    assertThat(listed(payout.id())).contains("created");

    assertHotMove(payout.id(), TransactionState.CREATED, TransactionState.PENDING,
        TrackerStep.HOLD_PLACED, null);
    assertThat(listed(payout.id())).contains("pending");
    assertHotMove(payout.id(), TransactionState.PENDING, TransactionState.PROCESSING,
        TrackerStep.IN_TRANSIT, null);
    assertThat(listed(payout.id())).contains("processing");
    assertHotMove(payout.id(), TransactionState.PROCESSING, TransactionState.COMPLETED,
        TrackerStep.ARRIVED, null);
    assertThat(listed(payout.id())).as("a bank may still return it").contains("completed");
    assertHotMove(payout.id(), TransactionState.COMPLETED, TransactionState.REVERSED,
        TrackerStep.RETURNED, "returned_by_bank");
    assertThat(listed(payout.id())).isEmpty();
  }

  @Test
  void aHeldPaymentIsOnTheReviewersListUntilItIsDecided() {
    PaymentTransaction held = inserted("p2p", null);
    assertHotMove(held.id(), TransactionState.CREATED, TransactionState.ON_HOLD,
        TrackerStep.HELD_FOR_REVIEW, null);
    assertThat(listed(held.id())).contains("on_hold");
    assertThat(reviews.waiting()).extracting(PaymentTransaction::id).contains(held.id());

    Updates rejected = measured(() -> store.move(held.id(), TransactionState.ON_HOLD,
        TransactionState.FAILED, "review_rejected", now()) ? 1L : 0L);

    assertThat(rejected).isEqualTo(new Updates(1, 1, 1));
    assertThat(listed(held.id())).isEmpty();
    assertThat(reviews.waiting()).extracting(PaymentTransaction::id).doesNotContain(held.id());
  }

  private void assertHotMove(UUID id, TransactionState from, TransactionState to,
      TrackerStep step, String failureCode) {
    Updates move = measured(() -> store.moveWithStep(id, from, to, failureCode, step, null,
        now()) ? 1L : 0L);
    assertThat(move).as(from + " to " + to + ": moved, one row updated, HOT")
        .isEqualTo(new Updates(1, 1, 1));
  }

  /** What {@code work} returned, and payments.transactions' updates and HOT ones in its tx. */
  record Updates(long result, long rows, long hot) {
  }

  private Updates measured(Supplier<Long> work) {
    return tx.execute(status -> {
      long[] before = counters();
      long result = work.get();
      long[] after = counters();
      return new Updates(result, after[0] - before[0], after[1] - before[1]);
    });
  }

  /**
   * This server process's counts of updates and HOT updates of payments.transactions not yet
   * flushed to the cumulative statistics. A process flushes only between transactions, so two
   * reads in one transaction differ by exactly what it did in between.
   */
  private long[] counters() {
    return jdbc.sql("""
        select pg_stat_get_xact_tuples_updated(c) as rows,
               pg_stat_get_xact_tuples_hot_updated(c) as hot
          from (select cast('payments.transactions' as regclass) as c) t
        """).query((rs, n) -> new long[] {rs.getLong("rows"), rs.getLong("hot")}).single();
  }

  /** The payment's state on the work list, empty when it is on none. */
  private Optional<String> listed(UUID id) {
    return jdbc.sql("select state from payments.work_list where transaction_id = :id")
        .param("id", id).query(String.class).optional();
  }

  /** {@link #BATCH} P2P payments recorded by one batch of the recorder (one insert). */
  private List<Completer.Completing> recordedTogether() {
    List<Recording> recordings = new ArrayList<>();
    List<Map<UUID, Contact>> known = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      CurrentUser payer = payer();
      Contact friend = new Contact(UUID.randomUUID(), "friend-" + payer.userId() + "@example.com",
          "Friend", "en", true, null);
      PaymentPlan plan = new PaymentPlan("p2p", true, 100, USD, 0, null, null, null, null, null,
          null, friend, null, "Friend", null, null, 100);
      recordings.add(new Recording(payer, "k", "hash", plan,
          new RiskCheck.Assessment(List.of(), RiskCheck.Action.NONE), UUID.randomUUID()));
      known.add(Map.of(payer.userId(), new Contact(payer.userId(), payer.email(), "Payer", "en",
          true, null), friend.userId(), friend));
    }
    List<Recording.Outcome> outcomes = recorder.writeNow(recordings);
    List<Completer.Completing> batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(new Completer.Completing(((Recording.Recorded) outcomes.get(i)).row(),
          known.get(i)));
    }
    return batch;
  }

  /** A lean row recorded alone (the request path's single insert), in created. */
  private PaymentTransaction inserted(String operation, Rail rail) {
    CurrentUser payer = payer();
    PaymentPlan plan = new PaymentPlan(operation, true, 100, USD, 0, null, null, null, null,
        null, null, null, null, "Bank 6789", null, rail, 100);
    PaymentTransaction t = Recording.created(payer, "k", "hash", plan,
        new RiskCheck.Assessment(List.of(), RiskCheck.Action.NONE), UUID.randomUUID(), now());
    Boolean recorded = tx.execute(status -> store.insert(t, TrackerStep.CREATED));
    assertThat(recorded).isTrue();
    return t;
  }

  private static CurrentUser payer() {
    UUID id = UUID.randomUUID();
    return new CurrentUser(id, id + "@example.com", "Payer", Role.CUSTOMER, "en", true, null,
        "US");
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
