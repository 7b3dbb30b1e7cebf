package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.payments.NextSteps.Action;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;

/**
 * Walks every failure code that has next steps, in one table: its actions in the order they are
 * offered, and for a card top-up, a withdrawal and a payment between users which of them apply.
 * A code mapped in {@link NextSteps} but missing here (or the other way round) fails the last
 * test, so the table and the mapping cannot drift apart. Then the reassurance per operation and
 * outcome, and a text for every action in both languages.
 */
class NextStepsTest {

  static Stream<Arguments> codes() {
    return Stream.of(
        row(ErrorCode.MAINTENANCE, "check_status,retry", "check_status,retry",
            "check_status,retry"),
        row(ErrorCode.VALIDATION_FAILED, "check_details", "check_details", "check_details"),
        row(ErrorCode.CURRENCY_NOT_SUPPORTED, "check_details", "check_details", "check_details"),
        row(ErrorCode.RECIPIENT_NOT_FOUND, "check_details", "check_details", "check_details"),
        row(ErrorCode.CANNOT_PAY_YOURSELF, "check_details", "check_details", "check_details"),
        row(ErrorCode.CARD_NOT_FOUND, "use_another_card", "", ""),
        row(ErrorCode.BANK_ACCOUNT_NOT_FOUND, "", "use_another_bank_account", ""),
        row(ErrorCode.BANK_ACCOUNT_NOT_VERIFIED, "", "use_another_bank_account", ""),
        row(ErrorCode.QUOTE_EXPIRED, "confirm_new_quote", "confirm_new_quote",
            "confirm_new_quote"),
        row(ErrorCode.QUOTE_NOT_FOUND, "retry", "retry", "retry"),
        row(ErrorCode.QUOTE_USED, "retry", "retry", "retry"),
        row(ErrorCode.RATE_UNAVAILABLE, "retry,check_status", "retry,check_status",
            "retry,check_status"),
        row(ErrorCode.ACCOUNT_FROZEN, "contact_support", "contact_support", "contact_support"),
        row(ErrorCode.INSUFFICIENT_FUNDS, "change_amount", "top_up_first,change_amount",
            "top_up_first,change_amount"),
        row(ErrorCode.VELOCITY_LIMIT, "retry", "retry", "retry"),
        row(ErrorCode.LIMIT_EXCEEDED, "change_amount", "change_amount", "change_amount"),
        row(ErrorCode.SECOND_FACTOR_REQUIRED, "enter_second_factor", "enter_second_factor",
            "enter_second_factor"),
        row(ErrorCode.INVALID_SECOND_FACTOR, "enter_second_factor", "enter_second_factor",
            "enter_second_factor"),
        row(ErrorCode.CARD_EXPIRED, "update_card,use_another_card", "", ""),
        row(ErrorCode.CARD_DECLINED, "use_another_card", "", ""),
        row(ErrorCode.CARD_INSUFFICIENT_FUNDS, "use_another_card,change_amount",
            "change_amount", "change_amount"),
        row(ErrorCode.RAIL_PROCESSING_ERROR, "retry", "retry", "retry"),
        row(ErrorCode.BANK_ACCOUNT_CLOSED, "check_details",
            "use_another_bank_account,check_details", "check_details"),
        row(ErrorCode.BANK_NAME_MISMATCH, "check_details",
            "check_details,use_another_bank_account", "check_details"),
        row(ErrorCode.RETURNED_BY_BANK, "check_details,contact_support",
            "check_details,contact_support", "check_details,contact_support"),
        row(ErrorCode.REVIEW_REJECTED, "contact_support", "contact_support", "contact_support"),
        row(ErrorCode.PAYMENT_INTERRUPTED, "retry", "retry", "retry"),
        row(ErrorCode.LEDGER_BUSY, "retry", "retry", "retry"),
        row(ErrorCode.DATABASE_UNAVAILABLE, "retry", "retry", "retry"),
        row(ErrorCode.SERVER_BUSY, "retry", "retry", "retry"));
  }

  private static Arguments row(ErrorCode code, String cardTopUp, String withdrawal, String p2p) {
    return Arguments.of(code, split(cardTopUp), split(withdrawal), split(p2p));
  }

  private static List<String> split(String codes) {
    return codes.isEmpty() ? List.of() : List.of(codes.split(","));
  }

  @ParameterizedTest
  @MethodSource("codes")
  void everyMappedCodeOffersItsActionsForEachOperation(ErrorCode code, List<String> cardTopUp,
      List<String> withdrawal, List<String> p2p) {
    assertThat(NextSteps.codes(code, Operation.TOPUP_CARD.key(), false))
        .as("card top-up").isEqualTo(cardTopUp);
    assertThat(NextSteps.codes(code, Operation.WITHDRAWAL.key(), false))
        .as("withdrawal").isEqualTo(withdrawal);
    assertThat(NextSteps.codes(code, Operation.P2P.key(), false)).as("p2p").isEqualTo(p2p);
    // A recorded failure also offers its tracker, after the others.
    List<String> recorded = NextSteps.codes(code, Operation.P2P.key(), true);
    assertThat(recorded).endsWith("open_tracker").hasSize(p2p.size() + 1);
    // An operation this module does not know (another module's type) gets every action.
    assertThat(NextSteps.of(code, null, false)).isEqualTo(NextSteps.of(code));
    assertThat(NextSteps.of(code)).isNotEmpty().doesNotHaveDuplicates()
        .doesNotContain(Action.OPEN_TRACKER);
  }

  @Test
  void theTableWalksEveryMappedCode() {
    Set<ErrorCode> walked = new HashSet<>();
    codes().forEach(a -> walked.add((ErrorCode) a.get()[0]));
    assertThat(walked).isEqualTo(NextSteps.mapped());
    assertThat(NextSteps.of(ErrorCode.IDEMPOTENCY_KEY_REUSED)).isEmpty();
    assertThat(NextSteps.codes(ErrorCode.IDEMPOTENCY_KEY_REUSED, "p2p", false)).isEmpty();
  }

  @Test
  void aCardTopUpWithNoHoldNeverSaysAHeldAmountWasReleased() {
    assertThat(NextSteps.reassuranceKey(failed(Operation.TOPUP_CARD, "created",
        "sent_to_rail", "failed"))).isEqualTo("money.reassure.card_not_charged");
    assertThat(NextSteps.reassuranceKey(failed(Operation.TOPUP_BANK, "created",
        "sent_to_rail", "failed"))).isEqualTo("money.reassure.bank_not_charged");
    assertThat(NextSteps.reassuranceKey(failed(Operation.WITHDRAWAL, "created",
        "hold_placed", "sent_to_rail", "failed"))).isEqualTo("money.reassure.hold_released");
    assertThat(NextSteps.reassuranceKey(failed(Operation.CROSS_BORDER, "created",
        "hold_placed", "failed"))).isEqualTo("money.reassure.hold_released");
    // Refused before its hold was placed (a review rejected it): nothing was held.
    assertThat(NextSteps.reassuranceKey(failed(Operation.CROSS_BORDER, "created",
        "held_for_review", "review_rejected", "failed")))
        .isEqualTo("money.reassure.nothing_moved");
    assertThat(NextSteps.reassuranceKey(failed(Operation.P2P, "created", "failed")))
        .isEqualTo("money.reassure.nothing_moved");
    TransactionView done = view(Operation.TOPUP_CARD, TransactionState.COMPLETED, null,
        "created", "credited");
    assertThat(NextSteps.reassuranceKey(done)).isNull();
    assertThat(NextSteps.of(done)).isEmpty();
    assertThat(NextSteps.reassuranceKey(view(Operation.WITHDRAWAL, TransactionState.REVERSED,
        ErrorCode.RETURNED_BY_BANK, "created", "hold_placed", "arrived", "returned")))
        .isEqualTo("money.reassure.returned");
  }

  @Test
  void aFailedTransactionOffersItsActionsButNotItsOwnTracker() {
    TransactionView expired = view(Operation.TOPUP_CARD, TransactionState.FAILED,
        ErrorCode.CARD_EXPIRED, "created", "failed");
    assertThat(NextSteps.of(expired))
        .containsExactly(Action.UPDATE_CARD, Action.USE_ANOTHER_CARD);
  }

  @Test
  void everyActionAndReassuranceHasATextInBothLanguages() throws IOException {
    for (String file : List.of("messages.properties", "messages_zh_CN.properties")) {
      Properties texts = load(file);
      for (Action action : Action.values()) {
        assertThat(texts.getProperty("money.next." + action.code())).as(file + " " + action)
            .isNotBlank();
      }
      for (String key : List.of("card_not_charged", "bank_not_charged", "hold_released",
          "nothing_moved", "nothing_arrived", "returned")) {
        assertThat(texts.getProperty("money.reassure." + key)).as(file + " " + key)
            .isNotBlank();
      }
      // The card top-up's reassurance answers the card, not a hold it never had.
      assertThat(texts.getProperty("money.reassure.card_not_charged"))
          .doesNotContainIgnoringCase("held").doesNotContain("冻结");
    }
    assertThat(Arrays.stream(Action.values()).map(Action::code))
        .allMatch(c -> c.matches("[a-z][a-z_]*"));
  }

  private static TransactionView failed(Operation operation, String... steps) {
    return view(operation, TransactionState.FAILED, ErrorCode.CARD_DECLINED, steps);
  }

  private static TransactionView view(Operation operation, TransactionState state,
      ErrorCode failure, String... steps) {
    Currency usd = Currency.getInstance("USD");
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    return new TransactionView(UUID.randomUUID(), operation, false, state, new Money(1_000, usd),
        new Money(0, usd), null, null, "Visa •••• 0069", null, null, null, failure, now, now,
        null, false, false,
        Arrays.stream(steps).map(s -> new TransactionView.Step(s, now, null)).toList(), null,
        null, operation.key());
  }

  private static Properties load(String file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("src/main/resources", file),
        StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    return properties;
  }
}
