package org.okpay.payments.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okpay.OkPayTest;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRail.BankCheck;
import org.okpay.payments.PaymentRail.CardToken;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.okpay.payments.SandboxApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sandbox rail through its Spring bean against the real database: every test card, every
 * test bank account, idempotent references, settlement in rail time, returns after business
 * days, time-outs that status() resolves. Tests move the sandbox clock (time factor 1 in tests),
 * so every expectation is relative to the rail's own now().
 */
@OkPayTest
class SandboxRailTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency EUR = Currency.getInstance("EUR");

  @Autowired PaymentRail rail;
  @Autowired SandboxApi sandbox;
  @Autowired SandboxProperties properties;
  @Autowired JdbcClient jdbc;

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "4242424242424242, COMPLETED, ",
      "5555555555554444, COMPLETED, ",
      "4000000000009995, DECLINED, INSUFFICIENT_FUNDS",
      "4000000000000069, DECLINED, EXPIRED_CARD",
      "4000000000000002, DECLINED, DO_NOT_HONOR",
      "4000000000009979, DECLINED, STOLEN_CARD",
      "4000000000000119, DECLINED, PROCESSING_ERROR",
      "4000000000000507, UNKNOWN, ",
      "4000000000000515, UNKNOWN, ",
      "4111111111111111, COMPLETED, "})
  void eachTestCardGivesItsOutcome(String number, RailState state, DeclineCode decline) {
    CardToken card = tokenize(number);
    String reference = reference();

    RailOutcome outcome = rail.chargeCard(reference, card, 1_250, USD);

    assertThat(outcome.state()).isEqualTo(state);
    assertThat(outcome.declineCode()).isEqualTo(decline);
    assertThat(outcome.reference()).isEqualTo(reference);
    assertThat(outcome.amountMinor()).isEqualTo(1_250);
    assertThat(outcome.currency()).isEqualTo(USD);
    if (state != RailState.UNKNOWN) {
      assertThat(outcome.railReference()).startsWith("sbx_");
      assertThat(rail.status(reference)).isEqualTo(outcome);
    }
  }

  @Test
  void theVaultKeepsBrandLastFourAndAFingerprintThatIsTheSameForTheSameNumber() {
    CardToken first = tokenize("4242 4242 4242 4242");
    CardToken second = tokenize("4242-4242-4242-4242");
    CardToken other = tokenize("5555555555554444");

    assertThat(first.brand()).isEqualTo("visa");
    assertThat(first.last4()).isEqualTo("4242");
    assertThat(first.token()).startsWith("tok_sbx_").isNotEqualTo(second.token());
    assertThat(first.fingerprint()).hasSize(64).isEqualTo(second.fingerprint())
        .doesNotContain("4242424242424242");
    assertThat(other.brand()).isEqualTo("mastercard");
    assertThat(other.fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  void theVaultRefusesWhatIsNoCard() {
    assertThatThrownBy(() -> rail.tokenizeCard("4242424242424241", 12, 2040, "123"))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CARD_NUMBER_INVALID));
    assertThatThrownBy(() -> rail.tokenizeCard("424242424242", 12, 2040, "123"))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CARD_NUMBER_INVALID));
    assertThatThrownBy(() -> rail.tokenizeCard("4242424242424242", 13, 2040, "12"))
        .isInstanceOfSatisfying(OkPayException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
          assertThat(e.properties().get("errors").toString()).contains("expiryMonth", "cvc");
        });
  }

  @Test
  void aCardPastItsExpiryAtChargeTimeIsDeclinedAsExpired() {
    YearMonth lastMonth = YearMonth.from(rail.now().atZone(ZoneOffset.UTC)).minusMonths(1);
    CardToken card = rail.tokenizeCard("4242424242424242", lastMonth.getMonthValue(),
        lastMonth.getYear(), "123");

    RailOutcome outcome = rail.chargeCard(reference(), card, 500, USD);

    assertThat(outcome.state()).isEqualTo(RailState.DECLINED);
    assertThat(outcome.declineCode()).isEqualTo(DeclineCode.EXPIRED_CARD);
  }

  @Test
  void aRepeatedReferenceIsTheSameOperationAndNeverASecondOne() throws Exception {
    CardToken card = tokenize("4242424242424242");
    String reference = reference();

    List<RailOutcome> outcomes = concurrently(16,
        () -> rail.chargeCard(reference, card, 700, USD));

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(outcomes.getFirst()));
    assertThat(outcomes.getFirst().state()).isEqualTo(RailState.COMPLETED);
    assertThat(rows(reference)).isEqualTo(1);
    assertThatThrownBy(() -> rail.chargeCard(reference, card, 701, USD))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(rows(reference)).isEqualTo(1);
  }

  @Test
  void aTimeoutAnswersUnknownAndStatusTellsTheHiddenOutcome() {
    String charged = reference();
    String declined = reference();

    CardToken timesOut = tokenize("4000000000000507");
    RailOutcome first = rail.chargeCard(charged, timesOut, 900, USD);
    RailOutcome second = rail.chargeCard(declined, tokenize("4000000000000515"), 900, USD);

    assertThat(first.state()).isEqualTo(RailState.UNKNOWN);
    assertThat(first.railReference()).isNull();
    assertThat(state(charged)).isEqualTo("unknown");
    RailOutcome truth = rail.status(charged);
    assertThat(truth.state()).isEqualTo(RailState.COMPLETED);
    assertThat(truth.railReference()).startsWith("sbx_");
    assertThat(state(charged)).isEqualTo("completed");
    assertThat(second.state()).isEqualTo(RailState.UNKNOWN);
    assertThat(rail.status(declined).declineCode()).isEqualTo(DeclineCode.DO_NOT_HONOR);
    // Asking again times out again: only status() tells, and nothing is charged twice.
    assertThat(rail.chargeCard(charged, timesOut, 900, USD).state())
        .isEqualTo(RailState.UNKNOWN);
    assertThat(rail.status(charged).state()).isEqualTo(RailState.COMPLETED);
    assertThat(rows(charged)).isEqualTo(1);
  }

  @Test
  void anUnknownReferenceIsNotFound() {
    RailOutcome outcome = rail.status("never-" + UUID.randomUUID());

    assertThat(outcome.state()).isEqualTo(RailState.NOT_FOUND);
    assertThat(outcome.railReference()).isNull();
  }

  @Test
  void aDomesticPayoutIsProcessingThenCompletedOnceTheClockPassesItsSettlement() {
    String reference = reference();
    Instant before = rail.now();

    RailOutcome sent = rail.payout(reference, Rail.DOMESTIC_BANK, bank("000123456789"), 5_000,
        EUR);

    assertThat(sent.state()).isEqualTo(RailState.PROCESSING);
    assertThat(Duration.between(before, sent.expectedAt()))
        .isBetween(SandboxRail.DOMESTIC, SandboxRail.DOMESTIC.plusSeconds(30));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.PROCESSING);
    sandbox.advance(Duration.ofMinutes(3));
    RailOutcome settled = rail.status(reference);
    assertThat(settled.state()).isEqualTo(RailState.COMPLETED);
    assertThat(settled.updatedAt()).isEqualTo(sent.expectedAt());
    assertThat(settled.railReference()).isEqualTo(sent.railReference());
  }

  @Test
  void concurrentStatusCallsSeeOneSettlement() throws Exception {
    String reference = reference();
    rail.collect(reference, bank("000123456789"), 2_000, EUR);
    sandbox.advance(Duration.ofMinutes(3));

    List<RailOutcome> seen = concurrently(12, () -> rail.status(reference));

    assertThat(seen).allSatisfy(o -> {
      assertThat(o.state()).isEqualTo(RailState.COMPLETED);
      assertThat(o.updatedAt()).isEqualTo(seen.getFirst().updatedAt());
    });
  }

  @Test
  void aClosedAccountAcceptsThenDeclinesWhenTheTransferSettles() {
    String payout = reference();
    String collect = reference();

    assertThat(rail.payout(payout, Rail.DOMESTIC_BANK, bank("000111111113"), 1_000, EUR).state())
        .isEqualTo(RailState.PROCESSING);
    assertThat(rail.collect(collect, bank("GB88SBOX00000000001113"), 1_000, EUR).state())
        .isEqualTo(RailState.PROCESSING);
    sandbox.advance(Duration.ofMinutes(3));

    for (String reference : List.of(payout, collect)) {
      RailOutcome outcome = rail.status(reference);
      assertThat(outcome.state()).isEqualTo(RailState.DECLINED);
      assertThat(outcome.declineCode()).isEqualTo(DeclineCode.ACCOUNT_CLOSED);
    }
  }

  @Test
  void aNameMismatchIsDeclinedAtOnce() {
    RailOutcome outcome = rail.payout(reference(), Rail.CROSS_BORDER, bank("000222222227"), 1_000,
        EUR);

    assertThat(outcome.state()).isEqualTo(RailState.DECLINED);
    assertThat(outcome.declineCode()).isEqualTo(DeclineCode.NAME_MISMATCH);
  }

  @Test
  void aReturnedAccountCompletesThenIsReturnedAfterTheBusinessDays() {
    String reference = reference();
    RailOutcome sent = rail.payout(reference, Rail.DOMESTIC_BANK, bank("000333333335"), 3_000,
        EUR);
    Instant returnsAt = BusinessDays.add(sent.expectedAt(), properties.returnAfterBusinessDays());

    sandbox.advance(Duration.ofMinutes(3));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.COMPLETED);
    sandbox.advance(Duration.between(rail.now(), returnsAt).minusMinutes(5));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.COMPLETED);
    sandbox.advance(Duration.ofMinutes(6));

    RailOutcome returned = rail.status(reference);
    assertThat(returned.state()).isEqualTo(RailState.RETURNED);
    assertThat(returned.declineCode()).isEqualTo(DeclineCode.RETURNED_BY_BANK);
    assertThat(returned.updatedAt()).isEqualTo(returnsAt);
  }

  @Test
  void aSlowAccountSettlesTenTimesLater() {
    String reference = reference();
    RailOutcome sent = rail.collect(reference, bank("000444444440"), 1_000, EUR);

    assertThat(Duration.between(sent.updatedAt(), sent.expectedAt()))
        .isEqualTo(SandboxRail.DOMESTIC_SLOW);
    sandbox.advance(Duration.ofMinutes(3));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.PROCESSING);
    sandbox.advance(Duration.ofMinutes(18));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.COMPLETED);
  }

  @Test
  void aCrossBorderTransferSentOnFridaySettlesOnMonday() {
    ZonedDateTime now = rail.now().atZone(ZoneOffset.UTC);
    ZonedDateTime friday = now.with(TemporalAdjusters.next(DayOfWeek.FRIDAY))
        .truncatedTo(ChronoUnit.DAYS).withHour(12);
    sandbox.advance(Duration.between(now, friday));
    String reference = reference();

    RailOutcome sent = rail.payout(reference, Rail.CROSS_BORDER, bank("GB96SBOX00000000006789"),
        10_000, Currency.getInstance("GBP"));

    ZonedDateTime expected = sent.expectedAt().atZone(ZoneOffset.UTC);
    assertThat(expected.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(Duration.between(sent.updatedAt(), sent.expectedAt())).isEqualTo(Duration.ofDays(3));
    sandbox.advance(Duration.ofDays(2)); // Sunday: still on its way
    assertThat(rail.status(reference).state()).isEqualTo(RailState.PROCESSING);
    sandbox.advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(rail.status(reference).state()).isEqualTo(RailState.COMPLETED);
  }

  @Test
  void bankChecksAreInstantOrByTwoMicroDeposits() {
    assertThat(rail.checkBankAccount(bank("000123456789")).result())
        .isEqualTo(BankCheck.Result.VERIFIED);
    assertThat(rail.checkBankAccount(bank("000111111113")).result())
        .isEqualTo(BankCheck.Result.VERIFIED);
    BankCheck micro = rail.checkBankAccount(bank("GB03SBOX00000000005553"));
    assertThat(micro.result()).isEqualTo(BankCheck.Result.MICRO_DEPOSITS);
    assertThat(micro.microDepositsMinor()).containsExactly(32L, 45L);
  }

  @Test
  void theClockMovesOnlyForwardAndAtMostThirtyDaysAtATime() {
    Instant before = sandbox.now();

    Instant after = sandbox.advance(Duration.ofHours(1));

    assertThat(Duration.between(before, after)).isBetween(Duration.ofHours(1),
        Duration.ofHours(1).plusSeconds(30));
    assertThat(rail.now()).isAfterOrEqualTo(after);
    for (Duration wrong : List.of(Duration.ZERO, Duration.ofDays(-1), Duration.ofDays(31))) {
      assertThatThrownBy(() -> sandbox.advance(wrong))
          .isInstanceOfSatisfying(OkPayException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
    assertThat(sandbox.testCards()).extracting(SandboxApi.TestCard::number)
        .contains("4242424242424242", "4000000000000507");
    assertThat(sandbox.testBankAccounts()).extracting(SandboxApi.TestBankAccount::lastDigits)
        .containsExactly("6789", "1113", "2227", "3335", "4440", "5553");
  }

  // --- helpers -----------------------------------------------------------------------------

  private CardToken tokenize(String number) {
    return rail.tokenizeCard(number, 12, YearMonth.from(rail.now().atZone(ZoneOffset.UTC))
        .getYear() + 5, "123");
  }

  private static BankAccountDetails bank(String number) {
    return new BankAccountDetails("Pat Lee", number, "", "GB", EUR);
  }

  private static String reference() {
    return "test-" + UUID.randomUUID();
  }

  private int rows(String reference) {
    return jdbc.sql("select count(*) from sandbox.operations where reference = :r")
        .param("r", reference).query(Integer.class).single();
  }

  private String state(String reference) {
    return jdbc.sql("select state from sandbox.operations where reference = :r")
        .param("r", reference).query(String.class).single();
  }

  private static <T> List<T> concurrently(int threads, Callable<T> call) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<T>> futures = IntStream.range(0, threads).mapToObj(i -> pool.submit(call))
          .toList();
      List<T> results = new java.util.ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    }
  }
}
