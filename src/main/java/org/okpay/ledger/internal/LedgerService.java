package org.okpay.ledger.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.BalanceAt;
import org.okpay.ledger.InvariantReport;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.PeriodTotals;
import org.okpay.ledger.StatementLine;
import org.okpay.ledger.StatementPage;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;

@Service
class LedgerService implements LedgerApi {

  static final int STATEMENT_LIMIT_MAX = 200;

  private final AccountStore accounts;
  private final LedgerReadStore reads;
  private final InvariantChecker invariants;
  private final LedgerWriter writer;
  private final LedgerProperties properties;

  LedgerService(AccountStore accounts, LedgerReadStore reads, InvariantChecker invariants,
      LedgerWriter writer, LedgerProperties properties) {
    this.accounts = accounts;
    this.reads = reads;
    this.invariants = invariants;
    this.writer = writer;
    this.properties = properties;
  }

  @Override
  public Account openAccount(OpenAccount request) {
    return accounts.open(request);
  }

  @Override
  public Optional<Account> account(long accountId) {
    return accounts.find(accountId);
  }

  @Override
  public List<Account> accountsOf(OwnerType ownerType, String ownerId) {
    return accounts.byOwner(ownerType, ownerId);
  }

  @Override
  public TransferResult transfer(TransferRequest request) {
    return await(writer.submit(List.of(withId(request)), false)).getFirst();
  }

  @Override
  public List<TransferResult> transferLinked(List<TransferRequest> requests) {
    if (requests.isEmpty() || requests.size() > TRANSFERS_PER_CALL_MAX) {
      throw FieldErrors.invalid("transfers", FieldErrors.OUT_OF_RANGE);
    }
    List<TransferRequest> withIds = new ArrayList<>(requests.size());
    requests.forEach(r -> withIds.add(withId(r)));
    return await(writer.submit(withIds, true));
  }

  @Override
  public List<List<TransferResult>> transferLinkedInTransaction(
      List<List<TransferRequest>> groups) {
    List<Submission> submissions = new ArrayList<>(groups.size());
    for (List<TransferRequest> group : groups) {
      if (group.isEmpty() || group.size() > TRANSFERS_PER_CALL_MAX) {
        throw FieldErrors.invalid("transfers", FieldErrors.OUT_OF_RANGE);
      }
      submissions.add(new Submission(group.stream().map(LedgerService::withId).toList(), true));
    }
    return submissions.isEmpty() ? List.of() : writer.applyInTransaction(submissions);
  }

  @Override
  public CompletableFuture<TransferResult> submit(TransferRequest request) {
    return writer.submit(List.of(withId(request)), false).thenApply(List::getFirst);
  }

  @Override
  public Optional<Transfer> findTransfer(UUID transferId) {
    return reads.transfer(transferId);
  }

  @Override
  public StatementPage statement(long accountId, String cursor, int limit) {
    if (limit < 1 || limit > STATEMENT_LIMIT_MAX) {
      throw invalidField("limit");
    }
    requireAccount(accountId);
    StatementCursor before = parseCursor(cursor);
    List<StatementLine> lines = reads.statement(accountId, before, limit);
    String next = lines.size() == limit ? StatementCursor.after(lines.getLast()).text() : null;
    return new StatementPage(accountId, lines, next);
  }

  @Override
  public Optional<BalanceAt> balanceAt(long accountId, Instant at) {
    return accounts.find(accountId).map(account -> {
      long[] balances = reads.balanceAt(accountId, at).orElse(new long[] {0, 0});
      return new BalanceAt(accountId, account.currency(), at, balances[0], balances[1]);
    });
  }

  @Override
  public Account freeze(long accountId) {
    return changeStatus(accountId, AccountStatus.ACTIVE, AccountStatus.FROZEN);
  }

  @Override
  public Account unfreeze(long accountId) {
    return changeStatus(accountId, AccountStatus.FROZEN, AccountStatus.ACTIVE);
  }

  @Override
  public Account close(long accountId) {
    Account account = requireAccount(accountId);
    if (account.status() != AccountStatus.CLOSED && !accounts.closeIfEmpty(accountId)) {
      throw new OkPayException(ErrorCode.ACCOUNT_NOT_EMPTY);
    }
    return requireAccount(accountId);
  }

  @Override
  public InvariantReport checkInvariants() {
    return invariants.check();
  }

  @Override
  public List<PeriodTotals> periodTotals(List<Long> accountIds, List<Instant> bounds) {
    if (accountIds.size() > PERIOD_ACCOUNTS_MAX) {
      throw FieldErrors.invalid("accounts", FieldErrors.OUT_OF_RANGE);
    }
    if (bounds.size() < 2 || bounds.size() > PERIODS_MAX + 1) {
      throw FieldErrors.invalid("periods", FieldErrors.OUT_OF_RANGE);
    }
    for (int i = 1; i < bounds.size(); i++) {
      if (!bounds.get(i).isAfter(bounds.get(i - 1))) {
        throw FieldErrors.invalid("periods", FieldErrors.BEFORE_FROM);
      }
    }
    return accountIds.isEmpty() ? List.of() : reads.periodTotals(accountIds, bounds);
  }

  /** Idempotent: asking for the status the account already has is not an error. */
  private Account changeStatus(long accountId, AccountStatus from, AccountStatus to) {
    Account account = requireAccount(accountId);
    if (account.status() == to) {
      return account;
    }
    if (account.status() == AccountStatus.CLOSED || !accounts.setStatus(accountId, from, to)) {
      throw new OkPayException(ErrorCode.ACCOUNT_CLOSED);
    }
    return requireAccount(accountId);
  }

  private Account requireAccount(long accountId) {
    return accounts.find(accountId).orElseThrow(() ->
        new OkPayException(ErrorCode.ACCOUNT_NOT_FOUND));
  }

  /** Expiry is the ledger's own business (PendingExpiryJanitor); callers settle by post or void. */
  private static TransferRequest withId(TransferRequest request) {
    if (request.kind() == TransferKind.EXPIRE_PENDING) {
      throw new IllegalArgumentException("expire_pending transfers are written by the ledger only");
    }
    return request.id() == null ? request.withId(Uuids.v7()) : request;
  }

  private static StatementCursor parseCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    return StatementCursor.parse(cursor).orElseThrow(() -> invalidField("cursor"));
  }

  private static OkPayException invalidField(String field) {
    return FieldErrors.invalid(field, FieldErrors.INVALID);
  }

  /**
   * Waits for the committed result. A caller that gives up keeps no guarantee either way: the
   * batch may still commit, which is why every transfer has an id to retry with.
   */
  private <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(properties.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OkPayException(ErrorCode.LEDGER_BUSY);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OkPayException known) {
        throw known;
      }
      throw new IllegalStateException("ledger writer failed", e.getCause());
    }
  }
}
