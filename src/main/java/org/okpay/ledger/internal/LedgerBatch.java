package org.okpay.ledger.internal;

import static org.okpay.ledger.TransferResultCode.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;

/**
 * Validates and applies one batch of transfers in memory, in arrival order, against the locked
 * accounts' running balances. No database access: the writer loads the state, this class decides,
 * and the writer persists {@link #newTransfers()} and the accounts' net deltas.
 *
 * <p>Each transfer runs the guards of {@link TransferResultCode} in order and stops at the first
 * that fails; a rejected transfer changes nothing. A linked list is applied all or none: when one
 * member fails, the effects of the members before it are undone from a journal.
 */
final class LedgerBatch {

  private final Map<Long, AccountState> accounts;
  /** Transfers by id: those found in the database plus those accepted in this batch. */
  private final Map<UUID, Transfer> transfers;
  /** For each settled hold, the kind of the transfer that settled it. */
  private final Map<UUID, TransferKind> resolutions;
  private final Instant now;

  private final List<NewTransfer> newTransfers = new ArrayList<>();
  private final Map<UUID, Instant> timeoutsAdded = new LinkedHashMap<>();
  private final Set<UUID> timeoutsRemoved = new LinkedHashSet<>();
  /** Undo actions of the linked list being applied; null outside a linked list. */
  private Deque<Runnable> journal;

  LedgerBatch(Map<Long, AccountState> accounts, Map<UUID, Transfer> transfers,
      Map<UUID, TransferKind> resolutions, Instant now) {
    this.accounts = accounts;
    this.transfers = new HashMap<>(transfers);
    this.resolutions = new HashMap<>(resolutions);
    this.now = now;
  }

  /** Applies independent transfers: each succeeds or fails on its own. */
  List<TransferResult> applyEach(List<TransferRequest> requests) {
    List<TransferResult> results = new ArrayList<>(requests.size());
    for (TransferRequest request : requests) {
      results.add(apply(request));
    }
    return results;
  }

  /** Applies a linked list: all or none. */
  List<TransferResult> applyLinked(List<TransferRequest> requests) {
    journal = new ArrayDeque<>();
    try {
      List<TransferResult> results = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        TransferResult result = apply(requests.get(i));
        if (!result.succeeded()) {
          journal.forEach(Runnable::run); // the deque iterates newest first: undo in reverse
          return failedChain(requests, i, result.code());
        }
        results.add(result);
      }
      return results;
    } finally {
      journal = null;
    }
  }

  private static List<TransferResult> failedChain(List<TransferRequest> requests, int failedIndex,
      TransferResultCode code) {
    List<TransferResult> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      TransferResultCode each = i == failedIndex ? code : LINKED_EVENT_FAILED;
      results.add(new TransferResult(requests.get(i).id(), each, null));
    }
    return results;
  }

  List<NewTransfer> newTransfers() {
    return newTransfers;
  }

  Map<UUID, Instant> timeoutsAdded() {
    return timeoutsAdded;
  }

  Set<UUID> timeoutsRemoved() {
    return timeoutsRemoved;
  }

  List<AccountState> changedAccounts() {
    return accounts.values().stream().filter(AccountState::changed).toList();
  }

  private TransferResult apply(TransferRequest request) {
    TransferResultCode shape = checkShape(request);
    if (shape != OK) {
      return new TransferResult(request.id(), shape, null);
    }
    Transfer existing = transfers.get(request.id());
    if (existing != null) {
      TransferResultCode code = compareWithExisting(request, existing);
      return new TransferResult(request.id(), code, code == EXISTS ? existing : null);
    }
    Resolved resolved = request.kind().resolvesPending() ? resolvePending(request) : direct(request);
    if (resolved.failure != null) {
      return new TransferResult(request.id(), resolved.failure, null);
    }
    TransferResultCode accountsCode = checkAccounts(request.kind(), resolved);
    if (accountsCode != OK) {
      return new TransferResult(request.id(), accountsCode, null);
    }
    long[] debitAfter = new long[4];
    long[] creditAfter = new long[4];
    TransferResultCode balanceCode = computeBalances(request.kind(), resolved, debitAfter,
        creditAfter);
    if (balanceCode != OK) {
      return new TransferResult(request.id(), balanceCode, null);
    }
    // From here the transfer must succeed: record it and its effects.
    return new TransferResult(request.id(), OK, commit(request, resolved, debitAfter, creditAfter));
  }

  /** Guards that need nothing but the request itself. */
  private static TransferResultCode checkShape(TransferRequest r) {
    if (r.id() == null) {
      return ID_MISSING;
    }
    if (r.kind() == null) {
      return KIND_MISSING;
    }
    if (r.code() == null || r.code().isBlank() || r.code().length() > TransferRequest.CODE_LENGTH_MAX) {
      return CODE_INVALID;
    }
    if (r.reference() != null && r.reference().length() > TransferRequest.REFERENCE_LENGTH_MAX) {
      return REFERENCE_TOO_LONG;
    }
    if (!metadataFits(r.metadata())) {
      return METADATA_TOO_LARGE;
    }
    boolean resolves = r.kind().resolvesPending();
    if (resolves ? r.amountMinor() < 0 : r.amountMinor() <= 0) {
      return AMOUNT_MUST_BE_POSITIVE;
    }
    if (resolves && r.pendingId() == null) {
      return PENDING_ID_REQUIRED;
    }
    if (!resolves && r.pendingId() != null) {
      return PENDING_ID_NOT_ALLOWED;
    }
    if (r.timeout() != null && (r.kind() != TransferKind.PENDING || r.timeout().isNegative()
        || r.timeout().isZero() || r.timeout().compareTo(TransferRequest.TIMEOUT_MAX) > 0)) {
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

  private static boolean metadataFits(Map<String, String> metadata) {
    if (metadata.size() > TransferRequest.METADATA_ENTRIES_MAX) {
      return false;
    }
    return metadata.entrySet().stream().allMatch(e ->
        !e.getKey().isEmpty() && e.getKey().length() <= TransferRequest.METADATA_KEY_LENGTH_MAX
            && e.getValue() != null
            && e.getValue().length() <= TransferRequest.METADATA_VALUE_LENGTH_MAX);
  }

  /** Same id again: a replay if every field the caller gave matches, else a named conflict. */
  private TransferResultCode compareWithExisting(TransferRequest r, Transfer e) {
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

  /** The accounts, amount and currency a transfer will use, or why it cannot. */
  private record Resolved(TransferResultCode failure, long debitId, long creditId, long amount,
      java.util.Currency currency, Transfer pending) {
    static Resolved failed(TransferResultCode code) {
      return new Resolved(code, 0, 0, 0, null, null);
    }
  }

  private static Resolved direct(TransferRequest r) {
    return new Resolved(null, r.debitAccountId(), r.creditAccountId(), r.amountMinor(),
        r.currency(), null);
  }

  private Resolved resolvePending(TransferRequest r) {
    Transfer p = transfers.get(r.pendingId());
    if (p == null || p.kind() != TransferKind.PENDING) {
      return Resolved.failed(PENDING_NOT_FOUND);
    }
    TransferKind settledBy = resolutions.get(p.id());
    if (settledBy != null) {
      return Resolved.failed(switch (settledBy) {
        case POST_PENDING -> PENDING_ALREADY_POSTED;
        case VOID_PENDING -> PENDING_ALREADY_VOIDED;
        default -> PENDING_EXPIRED;
      });
    }
    boolean due = p.timeoutAt() != null && !p.timeoutAt().isAfter(now);
    if (r.kind() == TransferKind.EXPIRE_PENDING && !due) {
      return Resolved.failed(PENDING_NOT_YET_EXPIRED);
    }
    if (r.kind() != TransferKind.EXPIRE_PENDING && due) {
      return Resolved.failed(PENDING_EXPIRED);
    }
    if ((r.debitAccountId() != 0 && r.debitAccountId() != p.debitAccountId())
        || (r.creditAccountId() != 0 && r.creditAccountId() != p.creditAccountId())) {
      return Resolved.failed(PENDING_HAS_DIFFERENT_ACCOUNTS);
    }
    if (r.currency() != null && !r.currency().equals(p.currency())) {
      return Resolved.failed(PENDING_HAS_DIFFERENT_CURRENCY);
    }
    if (r.kind() == TransferKind.POST_PENDING && r.amountMinor() > p.amountMinor()) {
      return Resolved.failed(POST_AMOUNT_EXCEEDS_PENDING);
    }
    if (r.kind() != TransferKind.POST_PENDING && r.amountMinor() != 0
        && r.amountMinor() != p.amountMinor()) {
      return Resolved.failed(VOID_AMOUNT_MUST_MATCH_PENDING);
    }
    long amount = r.kind() == TransferKind.POST_PENDING && r.amountMinor() != 0
        ? r.amountMinor() : p.amountMinor();
    return new Resolved(null, p.debitAccountId(), p.creditAccountId(), amount, p.currency(), p);
  }

  private TransferResultCode checkAccounts(TransferKind kind, Resolved t) {
    AccountState debit = accounts.get(t.debitId);
    if (debit == null) {
      return DEBIT_ACCOUNT_NOT_FOUND;
    }
    AccountState credit = accounts.get(t.creditId);
    if (credit == null) {
      return CREDIT_ACCOUNT_NOT_FOUND;
    }
    if (!debit.currency.equals(credit.currency) || !debit.currency.equals(t.currency)) {
      return CURRENCY_MISMATCH;
    }
    if (debit.status == AccountStatus.CLOSED) {
      return DEBIT_ACCOUNT_CLOSED;
    }
    if (credit.status == AccountStatus.CLOSED) {
      return CREDIT_ACCOUNT_CLOSED;
    }
    // A frozen account keeps receiving, and holds taken before the freeze may still settle.
    if (debit.status == AccountStatus.FROZEN && !kind.resolvesPending()) {
      return DEBIT_ACCOUNT_FROZEN;
    }
    return OK;
  }

  /**
   * Computes both accounts' balances after the transfer into {@code debitAfter} and
   * {@code creditAfter} (debits posted, credits posted, debits pending, credits pending), with
   * exact arithmetic, and checks the debit account's available balance.
   */
  private TransferResultCode computeBalances(TransferKind kind, Resolved t, long[] debitAfter,
      long[] creditAfter) {
    AccountState debit = accounts.get(t.debitId);
    AccountState credit = accounts.get(t.creditId);
    long held = t.pending == null ? 0 : t.pending.amountMinor();
    long posted = switch (kind) {
      case POSTED, POST_PENDING -> t.amount;
      default -> 0;
    };
    long pendingChange = switch (kind) {
      case PENDING -> t.amount;
      case POST_PENDING, VOID_PENDING, EXPIRE_PENDING -> -held;
      case POSTED -> 0;
    };
    try {
      debitAfter[0] = Math.addExact(debit.debitsPosted, posted);
      debitAfter[1] = debit.creditsPosted;
      debitAfter[2] = Math.addExact(debit.debitsPending, pendingChange);
      debitAfter[3] = debit.creditsPending;
      creditAfter[0] = credit.debitsPosted;
      creditAfter[1] = Math.addExact(credit.creditsPosted, posted);
      creditAfter[2] = credit.debitsPending;
      creditAfter[3] = Math.addExact(credit.creditsPending, pendingChange);
      long debitAvailable = Math.subtractExact(Math.subtractExact(debitAfter[1], debitAfter[0]),
          debitAfter[2]);
      Math.subtractExact(creditAfter[1], creditAfter[0]);
      // Settling a hold never lowers the available balance; new debits must be covered.
      boolean newDebit = kind == TransferKind.POSTED || kind == TransferKind.PENDING;
      if (newDebit && !debit.mayGoNegative && debitAvailable < 0) {
        return EXCEEDS_AVAILABLE_BALANCE;
      }
      return OK;
    } catch (ArithmeticException overflow) {
      return AMOUNT_OVERFLOW;
    }
  }

  private Transfer commit(TransferRequest r, Resolved t, long[] debitAfter, long[] creditAfter) {
    AccountState debit = accounts.get(t.debitId);
    AccountState credit = accounts.get(t.creditId);
    journal(debit);
    journal(credit);
    debit.restore(debitAfter);
    credit.restore(creditAfter);
    // The database keeps microseconds: cut the rest here, so that the transfer returned, the
    // one stored and the expiry decided within this batch all use the same instant.
    Instant timeoutAt = r.timeout() == null ? null
        : now.plus(r.timeout()).truncatedTo(ChronoUnit.MICROS);
    Transfer transfer = new Transfer(r.id(), 0, r.kind(), t.debitId, t.creditId, t.amount,
        t.currency, r.pendingId(), timeoutAt, r.code(), r.reference(), r.metadata(), now);
    transfers.put(transfer.id(), transfer);
    newTransfers.add(new NewTransfer(transfer, debit.shardKey, debit.balance(), debit.available(),
        credit.balance(), credit.available()));
    undo(() -> {
      transfers.remove(transfer.id());
      newTransfers.removeLast();
    });
    if (timeoutAt != null) {
      timeoutsAdded.put(transfer.id(), timeoutAt);
      undo(() -> timeoutsAdded.remove(transfer.id()));
    }
    if (r.pendingId() != null) {
      settle(r.pendingId(), r.kind());
    }
    return transfer;
  }

  private void settle(UUID pendingId, TransferKind settledBy) {
    resolutions.put(pendingId, settledBy);
    undo(() -> resolutions.remove(pendingId));
    Instant timeoutAt = transfers.get(pendingId).timeoutAt();
    if (timeoutAt == null) {
      return;
    }
    if (timeoutsAdded.remove(pendingId) != null) {
      undo(() -> timeoutsAdded.put(pendingId, timeoutAt));
    } else if (timeoutsRemoved.add(pendingId)) {
      undo(() -> timeoutsRemoved.remove(pendingId));
    }
  }

  private void journal(AccountState account) {
    if (journal != null) {
      long[] before = account.snapshot();
      journal.push(() -> account.restore(before));
    }
  }

  private void undo(Runnable action) {
    if (journal != null) {
      journal.push(action);
    }
  }
}
