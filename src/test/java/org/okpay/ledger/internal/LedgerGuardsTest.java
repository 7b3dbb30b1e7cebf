package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.EUR;
import static org.okpay.ledger.LedgerFixture.USD;
import static org.okpay.ledger.TransferResultCode.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;

/**
 * Walks every result code of a transfer, in the order the guards run, against the real writer
 * and database; after each rejection the accounts involved are exactly as before.
 */
@OkPayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerGuardsTest {

  private static final long MISSING_ACCOUNT = Long.MAX_VALUE - 7;

  @Autowired LedgerApi ledger;
  @Autowired LedgerWriter writer;
  @Autowired PendingExpiryJanitor janitor;

  private LedgerFixture fixture;
  private Account alice;
  private Account bob;
  private Account euro;
  private Account frozen;
  private Account closed;
  private Account rail;
  private TransferRequest existing;
  private TransferRequest hold;
  private TransferRequest posted;
  private TransferRequest settlement;
  private TransferRequest voided;
  private TransferRequest expired;
  private TransferRequest dueNotExpired;

  @BeforeAll
  void setUp() {
    fixture = new LedgerFixture(ledger);
    alice = fixture.customer(USD);
    bob = fixture.customer(USD);
    euro = fixture.customer(EUR);
    frozen = fixture.customer(USD);
    closed = fixture.customer(USD);
    rail = fixture.system(USD);
    fixture.fund(alice, 10_000);
    fixture.fund(frozen, 500);
    ledger.freeze(frozen.id());
    ledger.close(closed.id());
    ok(TransferRequest.posted(UUID.randomUUID(), rail.id(), alice.id(), 1, USD, "seed", null));

    existing = new TransferRequest(UUID.randomUUID(), TransferKind.PENDING, alice.id(), bob.id(),
        100, USD, null, Duration.ofHours(1), "test", "ref-1", Map.of("k", "v"));
    ok(existing);
    hold = LedgerFixture.pending(alice.id(), bob.id(), 300, USD, null);
    ok(hold);
    posted = LedgerFixture.pending(alice.id(), bob.id(), 50, USD, null);
    ok(posted);
    settlement = TransferRequest.postPending(UUID.randomUUID(), posted.id(), 0, "test");
    ok(settlement);
    voided = LedgerFixture.pending(alice.id(), bob.id(), 60, USD, null);
    ok(voided);
    ok(TransferRequest.voidPending(UUID.randomUUID(), voided.id(), "test"));
    expired = LedgerFixture.pending(alice.id(), bob.id(), 70, USD, Duration.ofMillis(1));
    ok(expired);
    dueNotExpired = LedgerFixture.pending(alice.id(), bob.id(), 80, USD, Duration.ofMillis(1));
    ok(dueNotExpired);
    expireNow(expired.id());
  }

  /** One row per result code, in the order the guards run. */
  Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    row(rows, ID_MISSING, () -> valid().withId(null));
    row(rows, KIND_MISSING, () -> copy(valid(), null, valid().amountMinor(), valid().pendingId()));
    row(rows, CODE_INVALID, () -> TransferRequest.posted(id(), alice.id(), bob.id(), 1, USD, " ", null));
    row(rows, REFERENCE_TOO_LONG, () -> TransferRequest.posted(id(), alice.id(), bob.id(), 1, USD,
        "test", "r".repeat(TransferRequest.REFERENCE_LENGTH_MAX + 1)));
    row(rows, METADATA_TOO_LARGE, () -> valid().withMetadata(bigMetadata()));
    row(rows, AMOUNT_MUST_BE_POSITIVE, () -> TransferRequest.posted(id(), alice.id(), bob.id(), 0,
        USD, "test", null));
    row(rows, PENDING_ID_REQUIRED, () -> TransferRequest.postPending(id(), null, 0, "test"));
    row(rows, PENDING_ID_NOT_ALLOWED, () -> copy(valid(), TransferKind.POSTED, 1, hold.id()));
    row(rows, TIMEOUT_INVALID, () -> new TransferRequest(id(), TransferKind.POSTED, alice.id(),
        bob.id(), 1, USD, null, Duration.ofSeconds(5), "test", null, Map.of()));
    row(rows, ACCOUNTS_REQUIRED, () -> TransferRequest.posted(id(), 0, bob.id(), 1, USD, "test", null));
    row(rows, CURRENCY_REQUIRED, () -> TransferRequest.posted(id(), alice.id(), bob.id(), 1, null,
        "test", null));
    row(rows, ACCOUNTS_MUST_BE_DIFFERENT, () -> TransferRequest.posted(id(), alice.id(), alice.id(),
        1, USD, "test", null));
    row(rows, EXISTS_WITH_DIFFERENT_KIND, () -> new TransferRequest(existing.id(),
        TransferKind.POSTED, alice.id(), bob.id(), 100, USD, null, null, "test", "ref-1",
        existing.metadata()));
    row(rows, EXISTS_WITH_DIFFERENT_PENDING_ID, () -> TransferRequest.postPending(
        settlement.id(), hold.id(), 0, "test"));
    row(rows, EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT, () -> accounts(existing, rail.id(), bob.id()));
    row(rows, EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT, () -> accounts(existing, alice.id(), rail.id()));
    row(rows, EXISTS_WITH_DIFFERENT_AMOUNT, () -> copy(existing, existing.kind(), 101, null));
    row(rows, EXISTS_WITH_DIFFERENT_CURRENCY, () -> new TransferRequest(existing.id(),
        existing.kind(), alice.id(), bob.id(), 100, EUR, null, existing.timeout(), "test",
        "ref-1", existing.metadata()));
    row(rows, EXISTS_WITH_DIFFERENT_TIMEOUT, () -> new TransferRequest(existing.id(),
        existing.kind(), alice.id(), bob.id(), 100, USD, null, null, "test", "ref-1",
        existing.metadata()));
    row(rows, EXISTS_WITH_DIFFERENT_CODE, () -> new TransferRequest(existing.id(), existing.kind(),
        alice.id(), bob.id(), 100, USD, null, existing.timeout(), "other", "ref-1",
        existing.metadata()));
    row(rows, EXISTS_WITH_DIFFERENT_REFERENCE, () -> new TransferRequest(existing.id(),
        existing.kind(), alice.id(), bob.id(), 100, USD, null, existing.timeout(), "test",
        "ref-2", existing.metadata()));
    row(rows, EXISTS_WITH_DIFFERENT_METADATA, () -> existing.withMetadata(Map.of("k", "w")));
    row(rows, EXISTS, () -> existing);
    row(rows, PENDING_NOT_FOUND, () -> TransferRequest.postPending(id(), UUID.randomUUID(), 0, "test"));
    row(rows, PENDING_ALREADY_POSTED, () -> TransferRequest.voidPending(id(), posted.id(), "test"));
    row(rows, PENDING_ALREADY_VOIDED, () -> TransferRequest.postPending(id(), voided.id(), 0, "test"));
    row(rows, PENDING_EXPIRED, () -> TransferRequest.postPending(id(), expired.id(), 0, "test"));
    row(rows, PENDING_NOT_YET_EXPIRED, () -> PendingExpiryJanitor.expire(hold.id()));
    row(rows, PENDING_HAS_DIFFERENT_ACCOUNTS, () -> new TransferRequest(id(),
        TransferKind.POST_PENDING, rail.id(), 0, 0, null, hold.id(), null, "test", null, Map.of()));
    row(rows, PENDING_HAS_DIFFERENT_CURRENCY, () -> new TransferRequest(id(),
        TransferKind.POST_PENDING, 0, 0, 0, EUR, hold.id(), null, "test", null, Map.of()));
    row(rows, POST_AMOUNT_EXCEEDS_PENDING, () -> TransferRequest.postPending(id(), hold.id(), 301,
        "test"));
    row(rows, VOID_AMOUNT_MUST_MATCH_PENDING, () -> new TransferRequest(id(),
        TransferKind.VOID_PENDING, 0, 0, 299, null, hold.id(), null, "test", null, Map.of()));
    row(rows, DEBIT_ACCOUNT_NOT_FOUND, () -> TransferRequest.posted(id(), MISSING_ACCOUNT, bob.id(),
        1, USD, "test", null));
    row(rows, CREDIT_ACCOUNT_NOT_FOUND, () -> TransferRequest.posted(id(), alice.id(),
        MISSING_ACCOUNT, 1, USD, "test", null));
    row(rows, CURRENCY_MISMATCH, () -> TransferRequest.posted(id(), alice.id(), euro.id(), 1, USD,
        "test", null));
    row(rows, DEBIT_ACCOUNT_CLOSED, () -> TransferRequest.posted(id(), closed.id(), bob.id(), 1,
        USD, "test", null));
    row(rows, CREDIT_ACCOUNT_CLOSED, () -> TransferRequest.posted(id(), alice.id(), closed.id(), 1,
        USD, "test", null));
    row(rows, DEBIT_ACCOUNT_FROZEN, () -> TransferRequest.posted(id(), frozen.id(), bob.id(), 1,
        USD, "test", null));
    row(rows, AMOUNT_OVERFLOW, () -> TransferRequest.posted(id(), rail.id(), alice.id(),
        Long.MAX_VALUE, USD, "test", null));
    row(rows, EXCEEDS_AVAILABLE_BALANCE, () -> TransferRequest.posted(id(), alice.id(), bob.id(),
        fixture.reload(alice).availableMinor() + 1, USD, "test", null));
    row(rows, OK, () -> TransferRequest.posted(id(), alice.id(), bob.id(), 1, USD, "test", null));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void guardReturnsItsCode(TransferResultCode expected, Supplier<TransferRequest> request) {
    TransferRequest r = request.get();
    Map<Long, Account> before = snapshot();
    boolean knownBefore = r.id() != null && ledger.findTransfer(r.id()).isPresent();

    TransferResult result = writer.submit(List.of(r), false).join().getFirst();

    assertThat(result.code()).isEqualTo(expected);
    if (expected != OK) {
      assertThat(snapshot()).as("a rejected or replayed transfer changes no balance")
          .isEqualTo(before);
      if (r.id() != null) {
        assertThat(ledger.findTransfer(r.id()).isPresent()).isEqualTo(knownBefore);
      }
    } else {
      assertThat(ledger.findTransfer(r.id())).isPresent();
    }
  }

  @Test
  void theTableCoversEveryCodeInGuardOrder() {
    List<TransferResultCode> covered = rows().map(a -> (TransferResultCode) a.get()[0]).toList();
    List<TransferResultCode> expected = new ArrayList<>(List.of(TransferResultCode.values()));
    expected.remove(LINKED_EVENT_FAILED); // a property of lists, tested below
    expected.remove(OK);
    expected.add(OK);
    assertThat(covered).containsExactlyElementsOf(expected);
  }

  @Test
  void linkedListFailsWholeAndNamesTheFailingTransfer() {
    Map<Long, Account> before = snapshot();
    TransferRequest first = TransferRequest.posted(id(), alice.id(), bob.id(), 5, USD, "test", null);
    TransferRequest second = TransferRequest.posted(id(), bob.id(), alice.id(), Long.MAX_VALUE / 2,
        USD, "test", null);

    List<TransferResult> results = ledger.transferLinked(List.of(first, second));

    assertThat(results).extracting(TransferResult::code)
        .containsExactly(LINKED_EVENT_FAILED, EXCEEDS_AVAILABLE_BALANCE);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(ledger.findTransfer(first.id())).isEmpty();
  }

  @Test
  void postingDueHoldIsRefusedAsExpiredBeforeTheJanitorRuns() {
    // dueNotExpired's 1 ms timeout has passed; whether or not the janitor got to it yet, the
    // hold can no longer be posted.
    TransferResult result = ledger.transfer(TransferRequest.postPending(id(), dueNotExpired.id(),
        0, "test"));
    assertThat(result.code()).isEqualTo(PENDING_EXPIRED);
  }

  private void ok(TransferRequest r) {
    TransferResult result = writer.submit(List.of(r), false).join().getFirst();
    assertThat(result.code()).as("fixture transfer").isEqualTo(OK);
  }

  /** Runs the janitor until the hold's expiry transfer exists, bounded by a deadline. */
  private void expireNow(UUID holdId) {
    UUID expiryId = PendingExpiryJanitor.expire(holdId).id();
    Instant deadline = Instant.now().plusSeconds(10);
    while (ledger.findTransfer(expiryId).isEmpty()) {
      assertThat(Instant.now()).as("hold expired in time").isBefore(deadline);
      janitor.expireDue();
    }
  }

  private Map<Long, Account> snapshot() {
    Map<Long, Account> all = new HashMap<>();
    for (Account a : List.of(alice, bob, euro, frozen, closed, rail)) {
      all.put(a.id(), fixture.reload(a));
    }
    return all;
  }

  private TransferRequest valid() {
    return TransferRequest.posted(id(), alice.id(), bob.id(), 1, USD, "test", null);
  }

  private static TransferRequest copy(TransferRequest r, TransferKind kind, long amount, UUID pendingId) {
    return new TransferRequest(r.id(), kind, r.debitAccountId(), r.creditAccountId(), amount,
        r.currency(), pendingId, r.timeout(), r.code(), r.reference(), r.metadata());
  }

  private static TransferRequest accounts(TransferRequest r, long debit, long credit) {
    return new TransferRequest(r.id(), r.kind(), debit, credit, r.amountMinor(), r.currency(),
        r.pendingId(), r.timeout(), r.code(), r.reference(), r.metadata());
  }

  private static Map<String, String> bigMetadata() {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i <= TransferRequest.METADATA_ENTRIES_MAX; i++) {
      m.put("k" + i, "v");
    }
    return m;
  }

  private static UUID id() {
    return UUID.randomUUID();
  }

  private static void row(List<Arguments> rows, TransferResultCode code,
      Supplier<TransferRequest> request) {
    rows.add(Arguments.of(code, request));
  }
}
