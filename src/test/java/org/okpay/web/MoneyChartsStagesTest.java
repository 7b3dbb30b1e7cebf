package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.payments.Operation;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;

/**
 * The tracker's stepper for every state a transaction can be in: where it stands, that a failure
 * or a return is marked failed (red, never green) and that the expected arrival sits under the
 * last step only while the money is on its way.
 */
class MoneyChartsStagesTest {

  private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant SENT = Instant.parse("2026-12-01T10:01:00Z");
  private static final Instant DONE = Instant.parse("2026-12-01T12:00:00Z");
  private static final Instant EXPECTED = Instant.parse("2026-12-02T10:00:00Z");

  private final MoneyCharts charts = new MoneyCharts(null, null, null, null, null);

  @Test
  void eachStateHasItsSteps() {
    record Case(TransactionState state, List<String> keys, List<String> statuses) {
    }
    List<Case> cases = List.of(
        new Case(TransactionState.CREATED, List.of("submitted", "processing", "arrived"),
            List.of("done", "current", "todo")),
        new Case(TransactionState.ON_HOLD, List.of("submitted", "on_hold", "arrived"),
            List.of("done", "current", "todo")),
        new Case(TransactionState.PENDING, List.of("submitted", "processing", "arrived"),
            List.of("done", "current", "todo")),
        new Case(TransactionState.PROCESSING, List.of("submitted", "processing", "arrived"),
            List.of("done", "current", "todo")),
        new Case(TransactionState.COMPLETED, List.of("submitted", "processed", "arrived"),
            List.of("done", "done", "done")),
        new Case(TransactionState.FAILED, List.of("submitted", "failed", "arrived"),
            List.of("done", "failed", "todo")),
        new Case(TransactionState.REVERSED, List.of("submitted", "processed", "returned"),
            List.of("done", "done", "failed")));
    assertThat(cases).extracting(Case::state).containsExactlyInAnyOrder(
        TransactionState.values());
    for (Case c : cases) {
      List<MoneyCharts.Stage> stages = charts.stages(tx(c.state()));
      assertThat(stages).extracting(MoneyCharts.Stage::key).as(c.state().name())
          .isEqualTo(c.keys());
      assertThat(stages).extracting(MoneyCharts.Stage::status).as(c.state().name())
          .isEqualTo(c.statuses());
      boolean onItsWay = c.statuses().contains("current");
      assertThat(stages.getLast().expectedAt()).as(c.state().name())
          .isEqualTo(onItsWay ? EXPECTED : null);
      assertThat(stages.getFirst().at()).isEqualTo(CREATED);
    }
  }

  @Test
  void stepsCarryTheTimesOfTheTrackersSteps() {
    List<MoneyCharts.Stage> stages = charts.stages(tx(TransactionState.COMPLETED));

    assertThat(stages).extracting(MoneyCharts.Stage::at).containsExactly(CREATED, SENT, DONE);
  }

  private static TransactionView tx(TransactionState state) {
    List<TransactionView.Step> steps = switch (state) {
      case COMPLETED, REVERSED -> List.of(new TransactionView.Step("created", CREATED, null),
          new TransactionView.Step("sent_to_rail", SENT, "SBX-1"),
          new TransactionView.Step("arrived", DONE, null));
      case PROCESSING -> List.of(new TransactionView.Step("created", CREATED, null),
          new TransactionView.Step("sent_to_rail", SENT, "SBX-1"));
      default -> List.of(new TransactionView.Step("created", CREATED, null));
    };
    Money amount = new Money(10_000, Currency.getInstance("USD"));
    boolean open = !state.isFinal() && state != TransactionState.COMPLETED;
    ErrorCode failure = state == TransactionState.REVERSED ? ErrorCode.RETURNED_BY_BANK
        : state == TransactionState.FAILED ? ErrorCode.BANK_ACCOUNT_CLOSED : null;
    return new TransactionView(UUID.randomUUID(), Operation.WITHDRAWAL, false, state, amount,
        new Money(0, amount.currency()), null, null, "Bank", null, null, null, failure, CREATED,
        DONE, open ? EXPECTED : null, false, false, steps, null, null, "withdrawal");
  }
}
