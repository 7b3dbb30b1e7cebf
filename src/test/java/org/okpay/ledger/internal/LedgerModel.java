package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.TransferResultCode.*;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResultCode;

/**
 * An independent picture of the ledger for the fuzz test: expected balances per account, the
 * holds and their state, and every transfer the ledger said it stored. It changes only from
 * results the ledger returned (OK applies the effect, everything else nothing), and it knows the
 * rules of {@link TransferResultCode} from their documentation, not from the ledger's code.
 */
final class LedgerModel {

  /** Holds with a timeout below this are "tiny": due almost at once, so they expire in the test. */
  static final Duration TINY_TIMEOUT_MAX = Duration.ofSeconds(1);

  static final class Acct {
    final long id;
    final java.util.Currency currency;
    final OwnerType ownerType;
    final boolean mayGoNegative;
    AccountStatus status;
    long debitsPosted;
    long creditsPosted;
    long debitsPending;
    long creditsPending;

    Acct(Account a) {
      this.id = a.id();
      this.currency = a.currency();
      this.ownerType = a.ownerType();
      this.mayGoNegative = a.mayGoNegative();
      this.status = a.status();
      this.debitsPosted = a.debitsPostedMinor();
      this.creditsPosted = a.creditsPostedMinor();
      this.debitsPending = a.debitsPendingMinor();
      this.creditsPending = a.creditsPendingMinor();
    }

    long available() {
      return Math.subtractExact(Math.subtractExact(creditsPosted, debitsPosted), debitsPending);
    }

    /** Debits posted, credits posted, debits pending, credits pending, status: as in the row. */
    String columns() {
      return debitsPosted + "/" + creditsPosted + "/" + debitsPending + "/" + creditsPending
          + "/" + status;
    }

    static String columns(Account a) {
      return a.debitsPostedMinor() + "/" + a.creditsPostedMinor() + "/" + a.debitsPendingMinor()
          + "/" + a.creditsPendingMinor() + "/" + a.status();
    }
  }

  enum HoldState { OPEN, POSTED, VOIDED, EXPIRED }

  static final class Hold {
    final Transfer pending;
    final boolean tiny;
    HoldState state = HoldState.OPEN;

    Hold(Transfer pending, boolean tiny) {
      this.pending = pending;
      this.tiny = tiny;
    }
  }

  final Map<Long, Acct> accounts = new LinkedHashMap<>();
  final Map<UUID, Hold> holds = new LinkedHashMap<>();
  /** Every transfer the ledger reported as stored, exactly as it was first returned. */
  final Map<UUID, Transfer> stored = new HashMap<>();
  /** The request that created each stored transfer, for replays. */
  final Map<UUID, TransferRequest> storedRequests = new LinkedHashMap<>();
  /** The stored ids in the order they were learnt, to pick replays from. */
  final List<UUID> storedIds = new ArrayList<>();

  Acct track(Account account) {
    Acct a = new Acct(account);
    accounts.put(a.id, a);
    return a;
  }

  Acct acct(long id) {
    return accounts.get(id);
  }

  /** Applies the effect of a transfer the ledger accepted, after checking it is what was asked. */
  void applyOk(TransferRequest r, Transfer t) {
    assertThat(t).as("OK result carries the transfer").isNotNull();
    assertThat(stored).as("an id is stored once: %s", r.id()).doesNotContainKey(r.id());
    assertThat(t.id()).isEqualTo(r.id());
    assertThat(t.kind()).isEqualTo(r.kind());
    assertThat(t.pendingId()).isEqualTo(r.pendingId());
    assertThat(t.code()).isEqualTo(r.code());
    assertThat(t.reference()).isEqualTo(r.reference());
    assertThat(t.metadata()).isEqualTo(r.metadata());
    assertThat(t.sequence()).as("sequence of %s", t.id()).isPositive();
    if (r.timeout() == null) {
      assertThat(t.timeoutAt()).isNull();
    } else {
      // Timestamps are kept to the microsecond, as PostgreSQL stores them.
      assertThat(t.timeoutAt()).as("timeout of %s", t.id())
          .isEqualTo(t.createdAt().plus(r.timeout()).truncatedTo(ChronoUnit.MICROS));
    }
    if (r.kind().resolvesPending()) {
      settle(r, t);
    } else {
      assertThat(t.debitAccountId()).isEqualTo(r.debitAccountId());
      assertThat(t.creditAccountId()).isEqualTo(r.creditAccountId());
      assertThat(t.amountMinor()).isEqualTo(r.amountMinor());
      assertThat(t.currency()).isEqualTo(r.currency());
      Acct debit = acct(t.debitAccountId());
      Acct credit = acct(t.creditAccountId());
      if (r.kind() == TransferKind.POSTED) {
        debit.debitsPosted = Math.addExact(debit.debitsPosted, t.amountMinor());
        credit.creditsPosted = Math.addExact(credit.creditsPosted, t.amountMinor());
      } else {
        debit.debitsPending = Math.addExact(debit.debitsPending, t.amountMinor());
        credit.creditsPending = Math.addExact(credit.creditsPending, t.amountMinor());
        boolean tiny = r.timeout() != null && r.timeout().compareTo(TINY_TIMEOUT_MAX) < 0;
        holds.put(t.id(), new Hold(t, tiny));
      }
    }
    stored.put(t.id(), t);
    storedRequests.put(t.id(), r);
    storedIds.add(t.id());
  }

  private void settle(TransferRequest r, Transfer t) {
    Hold h = holds.get(r.pendingId());
    assertThat(h).as("settled hold %s is known", r.pendingId()).isNotNull();
    assertThat(h.state).as("hold %s settled only once", h.pending.id()).isEqualTo(HoldState.OPEN);
    Transfer p = h.pending;
    long amount = r.kind() == TransferKind.POST_PENDING && r.amountMinor() != 0
        ? r.amountMinor() : p.amountMinor();
    assertThat(t.debitAccountId()).isEqualTo(p.debitAccountId());
    assertThat(t.creditAccountId()).isEqualTo(p.creditAccountId());
    assertThat(t.currency()).isEqualTo(p.currency());
    assertThat(t.amountMinor()).isEqualTo(amount);
    Acct debit = acct(p.debitAccountId());
    Acct credit = acct(p.creditAccountId());
    debit.debitsPending = Math.subtractExact(debit.debitsPending, p.amountMinor());
    credit.creditsPending = Math.subtractExact(credit.creditsPending, p.amountMinor());
    if (r.kind() == TransferKind.POST_PENDING) {
      debit.debitsPosted = Math.addExact(debit.debitsPosted, amount);
      credit.creditsPosted = Math.addExact(credit.creditsPosted, amount);
    }
    h.state = switch (r.kind()) {
      case POST_PENDING -> HoldState.POSTED;
      case VOID_PENDING -> HoldState.VOIDED;
      default -> HoldState.EXPIRED;
    };
  }

  /** The guards that need only the request, in the documented order; OK when all pass. */
  static TransferResultCode shape(TransferRequest r) {
    if (r.id() == null) {
      return ID_MISSING;
    }
    if (r.kind() == null) {
      return KIND_MISSING;
    }
    if (r.code() == null || r.code().isBlank() || r.code().length() > TransferRequest.CODE_LENGTH_MAX) {
      return CODE_INVALID;
    }
    boolean resolves = r.kind().resolvesPending();
    if (resolves ? r.amountMinor() < 0 : r.amountMinor() <= 0) {
      return AMOUNT_MUST_BE_POSITIVE;
    }
    if (resolves != (r.pendingId() != null)) {
      return resolves ? PENDING_ID_REQUIRED : PENDING_ID_NOT_ALLOWED;
    }
    if (r.timeout() != null && (r.kind() != TransferKind.PENDING || !r.timeout().isPositive()
        || r.timeout().compareTo(TransferRequest.TIMEOUT_MAX) > 0)) {
      return TIMEOUT_INVALID;
    }
    if (!resolves && (r.debitAccountId() == 0 || r.creditAccountId() == 0)) {
      return ACCOUNTS_REQUIRED;
    }
    if (!resolves && r.currency() == null) {
      return CURRENCY_REQUIRED;
    }
    if (r.debitAccountId() != 0 && r.debitAccountId() == r.creditAccountId()) {
      return ACCOUNTS_MUST_BE_DIFFERENT;
    }
    return OK;
  }

  /** A replayed id: EXISTS when every field the caller gave matches the stored transfer. */
  static TransferResultCode compare(TransferRequest r, Transfer e) {
    if (r.kind() != e.kind()) {
      return EXISTS_WITH_DIFFERENT_KIND;
    }
    if (!Objects.equals(r.pendingId(), e.pendingId())) {
      return EXISTS_WITH_DIFFERENT_PENDING_ID;
    }
    if (r.debitAccountId() != 0 && r.debitAccountId() != e.debitAccountId()) {
      return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT;
    }
    if (r.creditAccountId() != 0 && r.creditAccountId() != e.creditAccountId()) {
      return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT;
    }
    if (r.amountMinor() != 0 && r.amountMinor() != e.amountMinor()) {
      return EXISTS_WITH_DIFFERENT_AMOUNT;
    }
    if (r.currency() != null && !r.currency().equals(e.currency())) {
      return EXISTS_WITH_DIFFERENT_CURRENCY;
    }
    if ((r.timeout() == null) != (e.timeoutAt() == null)) {
      return EXISTS_WITH_DIFFERENT_TIMEOUT;
    }
    if (!r.code().equals(e.code())) {
      return EXISTS_WITH_DIFFERENT_CODE;
    }
    if (!Objects.equals(r.reference(), e.reference())) {
      return EXISTS_WITH_DIFFERENT_REFERENCE;
    }
    if (!r.metadata().equals(e.metadata())) {
      return EXISTS_WITH_DIFFERENT_METADATA;
    }
    return EXISTS;
  }

  /**
   * A post, void or expire of an open hold, checked against the hold alone: OK, or the code of
   * the first guard that fails. {@code due} says whether the hold's timeout has passed.
   */
  static TransferResultCode checkSettlement(TransferRequest r, Transfer p, boolean due) {
    if (r.kind() == TransferKind.EXPIRE_PENDING && !due) {
      return PENDING_NOT_YET_EXPIRED;
    }
    if (r.kind() != TransferKind.EXPIRE_PENDING && due) {
      return PENDING_EXPIRED;
    }
    if ((r.debitAccountId() != 0 && r.debitAccountId() != p.debitAccountId())
        || (r.creditAccountId() != 0 && r.creditAccountId() != p.creditAccountId())) {
      return PENDING_HAS_DIFFERENT_ACCOUNTS;
    }
    if (r.currency() != null && !r.currency().equals(p.currency())) {
      return PENDING_HAS_DIFFERENT_CURRENCY;
    }
    if (r.kind() == TransferKind.POST_PENDING && r.amountMinor() > p.amountMinor()) {
      return POST_AMOUNT_EXCEEDS_PENDING;
    }
    if (r.kind() != TransferKind.POST_PENDING && r.amountMinor() != 0
        && r.amountMinor() != p.amountMinor()) {
      return VOID_AMOUNT_MUST_MATCH_PENDING;
    }
    return OK;
  }

  /** What settling a hold in this state answers. */
  static TransferResultCode settledCode(HoldState state) {
    return switch (state) {
      case POSTED -> PENDING_ALREADY_POSTED;
      case VOIDED -> PENDING_ALREADY_VOIDED;
      case EXPIRED -> PENDING_EXPIRED;
      case OPEN -> throw new IllegalArgumentException("open hold");
    };
  }

  static TransferResultCode winnerCode(TransferKind settledBy) {
    return switch (settledBy) {
      case POST_PENDING -> PENDING_ALREADY_POSTED;
      case VOID_PENDING -> PENDING_ALREADY_VOIDED;
      default -> PENDING_EXPIRED;
    };
  }
}
