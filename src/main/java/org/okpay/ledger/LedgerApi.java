package org.okpay.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The ledger's only entrance. Transfers go through a batched writer: many callers' transfers
 * share one database transaction, and each caller gets its own result after the commit.
 */
public interface LedgerApi {

  /** Longest list of transfers applied together (linked, or one caller's batch). */
  int TRANSFERS_PER_CALL_MAX = 100;

  /** Opens an account, or returns the one that exists for the same owner, currency and kind. */
  Account openAccount(OpenAccount request);

  Optional<Account> account(long accountId);

  List<Account> accountsOf(OwnerType ownerType, String ownerId);

  /** Applies one transfer and waits for its committed result. */
  TransferResult transfer(TransferRequest request);

  /**
   * Applies a list of transfers atomically: all or none. On failure the failing transfer carries
   * its own code and every other one {@link TransferResultCode#LINKED_EVENT_FAILED}.
   */
  List<TransferResult> transferLinked(List<TransferRequest> requests);

  /**
   * Applies each group of linked transfers (all of a group or none of it, as
   * {@link #transferLinked}) inside the caller's open database transaction, on its connection,
   * instead of the writer's: the caller's commit makes them durable with the caller's own rows,
   * its rollback undoes them. For a caller that already batches many requests into one
   * transaction (the payments' recorder) and would otherwise wait for a second commit. The
   * accounts are locked in id order, as the writer locks them, and stay locked until the
   * caller's transaction ends: take any other locks first. A deadlock or serialization failure
   * arrives as a {@link org.springframework.dao.TransientDataAccessException}: roll back and try
   * the whole transaction again.
   *
   * @return one result list per group, in order
   * @throws IllegalStateException when no transaction is open
   */
  List<List<TransferResult>> transferLinkedInTransaction(List<List<TransferRequest>> groups);

  /** Queues independent transfers without waiting; each result completes after its commit. */
  CompletableFuture<TransferResult> submit(TransferRequest request);

  Optional<Transfer> findTransfer(UUID transferId);

  /** Newest first; {@code cursor} is null for the first page. */
  StatementPage statement(long accountId, String cursor, int limit);

  Optional<BalanceAt> balanceAt(long accountId, Instant at);

  Account freeze(long accountId);

  Account unfreeze(long accountId);

  Account close(long accountId);

  InvariantReport checkInvariants();

  /** Most accounts {@link #periodTotals} reads at once (a user's balances, one per currency). */
  int PERIOD_ACCOUNTS_MAX = 32;
  /** Most periods {@link #periodTotals} reads at once (a year of days and a little more). */
  int PERIODS_MAX = 400;

  /**
   * Money in, money out and the closing posted balance of each account in each of the
   * consecutive periods between {@code bounds} (n + 1 ascending instants make n periods; each
   * period includes its start and excludes its end), in one set-based query: for charts of a
   * balance by day or of money in and out by month. Ordered by account, then period; every
   * account and period is present, with zeros where nothing moved.
   */
  List<PeriodTotals> periodTotals(List<Long> accountIds, List<Instant> bounds);
}
