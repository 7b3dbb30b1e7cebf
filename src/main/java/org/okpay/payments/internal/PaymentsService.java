package org.okpay.payments.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.Account;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentResultCode;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.Rail;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusApi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Balances, operations and their transactions for the API and the pages. */
@Service
class PaymentsService implements PaymentsApi {

  static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;

  private final Guards guards;
  private final Checks checks;
  private final LimitUsage usage;
  private final Quotes quotes;
  private final TransactionStore store;
  private final Mover mover;
  private final Views views;
  private final History history;
  private final Statements statements;
  private final LedgerAccounts accounts;
  private final KeyLocks keyLocks;
  private final Recorder recorder;
  private final Settler settler;
  private final StatusApi status;
  private final RailHealth health;
  private final PaymentRail rail;
  private final TransactionTemplate tx;
  private final Clock clock;

  PaymentsService(Guards guards, Checks checks, LimitUsage usage, Quotes quotes,
      TransactionStore store, Mover mover, Views views, History history, Statements statements,
      LedgerAccounts accounts, KeyLocks keyLocks, Recorder recorder, Settler settler,
      StatusApi status, RailHealth health,
      PaymentRail rail, TransactionTemplate tx, Clock clock) {
    this.guards = guards;
    this.checks = checks;
    this.usage = usage;
    this.quotes = quotes;
    this.store = store;
    this.mover = mover;
    this.views = views;
    this.history = history;
    this.statements = statements;
    this.accounts = accounts;
    this.keyLocks = keyLocks;
    this.recorder = recorder;
    this.settler = settler;
    this.status = status;
    this.health = health;
    this.rail = rail;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public List<Balance> balances(UUID userId) {
    return accounts.wallets(userId).stream().map(PaymentsService::balance).toList();
  }

  @Override
  public Balance openBalance(UUID userId, java.util.Currency currency) {
    Planner.requireSupported(currency, "currency");
    accounts.wallet(userId, currency);
    return accounts.existingWallet(userId, currency).map(PaymentsService::balance).orElseThrow();
  }

  private static Balance balance(Account a) {
    return new Balance(a.currency(), new Money(a.balanceMinor(), a.currency()),
        new Money(a.availableMinor(), a.currency()),
        a.status() == org.okpay.ledger.AccountStatus.FROZEN);
  }

  @Override
  public Preview preview(CurrentUser user, PaymentRequest request) {
    Guards.Passed passed = guards.check(user, request);
    PaymentPlan plan = passed.plan();
    RiskCheck.Assessment assessment = passed.assessment();
    Checks.Left left = checks.left(user, plan);
    long available = checks.available(user, plan);
    long after = plan.outgoing() ? available - plan.totalMinor() : available + plan.amountMinor();
    Money receives = plan.targetAmountMinor() == null
        ? new Money(plan.amountMinor(), plan.currency())
        : new Money(plan.targetAmountMinor(), plan.targetCurrency());
    return new Preview(Operation.find(plan.operation()).orElse(null),
        new Money(plan.amountMinor(), plan.currency()),
        new Money(plan.feeMinor(), plan.currency()), new Money(plan.totalMinor(), plan.currency()),
        receives, new Money(after, plan.currency()),
        new Money(Math.max(0, left.dailyMinor()), left.limit().limitCurrency()),
        new Money(Math.max(0, left.monthlyMinor()), left.limit().limitCurrency()),
        plan.rail() != null && health.state(plan.rail()) != org.okpay.status.ComponentState
            .OPERATIONAL || railIncident(plan.rail()),
        plan.rail() == null || plan.rail() == Rail.CARD ? null
            : rail.expectedArrival(plan.rail()),
        assessment.action() == RiskCheck.Action.STEP_UP,
        assessment.action() == RiskCheck.Action.REVIEW, assessment.reasons(), plan.operation());
  }

  private boolean railIncident(Rail rail) {
    return rail != null && !status.incidentsAffecting(rail.component()).isEmpty();
  }

  /**
   * The key's stripe lock covers only the look-up, the checks and the insert: it is released
   * before the rail is called, so a slow bank delays nobody whose key merely shares a stripe. A
   * duplicate of the same key waits for the first request to finish (bounded, see
   * {@link KeyLocks}) and replays its result. From the insert on, the row's unique (user, key)
   * and the compare-and-set moves guard the transaction.
   *
   * <p>A request without a second-factor code goes straight to the guards: the recorder's batch
   * reads whether the key is known anyway, so a first request (nearly all of them) costs no
   * look-up of its own. A replay is still answered as the first request was: when the key is
   * known, and when a guard refuses (the balance spent since, say) and the key turns out to be
   * known. A request with a code looks its key up first, so a replay never spends or counts the
   * code again (a used code is a wrong one, and wrong codes count toward the lockout).
   */
  @Override
  public Executed execute(CurrentUser user, String idempotencyKey, PaymentRequest request,
      String secondFactorCode) {
    String key = requireKey(idempotencyKey);
    Recorded recorded;
    CountDownLatch running;
    ReentrantLock lock = keyLocks.of(user.userId(), key);
    lock.lock();
    try {
      boolean withCode = secondFactorCode != null && !secondFactorCode.isBlank();
      if (withCode && store.byKey(user.userId(), key).isPresent()) {
        return replayAfterFirst(user, key, request, lock);
      }
      Optional<Recorded> once;
      try {
        once = recordOnce(user, key, request, secondFactorCode);
      } catch (OkPayException refused) {
        if (!withCode && store.byKey(user.userId(), key).isPresent()) {
          return replayAfterFirst(user, key, request, lock);
        }
        throw refused;
      }
      if (once.isEmpty()) {
        // Recorded before: by an earlier request, or by another instance meanwhile.
        return replayAfterFirst(user, key, request, lock);
      }
      recorded = once.get();
      running = keyLocks.running(user.userId(), key);
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
    try {
      PaymentTransaction row = recorded.row();
      Optional<PaymentTransaction> moved = switch (row.state()) {
        case CREATED -> mover.start(row, recorded.contacts());
        // Settled in the recorder's transaction (Settler): already completed as answered.
        case COMPLETED -> Optional.of(row);
        default -> Optional.empty();
      };
      return new Executed(answer(row, moved, user), false);
    } finally {
      keyLocks.done(user.userId(), key, running);
    }
  }

  /**
   * The answer to the request that recorded {@code row}. When this call moved it to completed
   * without a rail and an exchange rate, every field is what the call wrote (times at the
   * database's precision), so it is built without reading the row, its steps and complaints
   * back; a replay of the key reads the same values from the database. Otherwise read back.
   */
  private TransactionView answer(PaymentTransaction row, Optional<PaymentTransaction> moved,
      CurrentUser user) {
    if (moved.isPresent() && moved.get().fxRate() == null && moved.get().rail() == null) {
      PaymentTransaction done = moved.get();
      return views.justMade(done, user.userId(), List.of(
          new TransactionView.Step(TrackerStep.CREATED.key(), row.createdAt(), null),
          new TransactionView.Step(TrackerStep.COMPLETED.key(), done.updatedAt(), null)));
    }
    return views.full(store.byId(row.id()).orElseThrow(), user.userId());
  }

  /**
   * The guards in {@link org.okpay.payments.PaymentResultCode} order, then the row: with other
   * requests' rows by the {@link Recorder} (group commit), or alone when the payment uses a
   * quote or is held for review, or group commit is off. Empty when the key was recorded by
   * another request meanwhile.
   */
  private Optional<Recorded> recordOnce(CurrentUser user, String key,
      PaymentRequest request, String secondFactorCode) {
    Guards.Passed passed = guards.checkToExecute(user, request, secondFactorCode);
    UUID id = UUID.randomUUID();
    String hash = RequestFingerprint.of(request);
    Optional<PaymentTransaction> row = recorder.records(passed)
        ? recorded(recorder.record(settler.prepared(new Recording(user, key, hash,
            passed.plan(), passed.assessment(), id))))
        : tx.execute(s -> record(user, key, hash, passed.plan(), passed.assessment(), id));
    return row.map(r -> new Recorded(r, Recording.contacts(user, passed.plan())));
  }

  private static Optional<PaymentTransaction> recorded(Recording.Outcome outcome) {
    return switch (outcome) {
      case Recording.Recorded(PaymentTransaction row) -> Optional.of(row);
      case Recording.Refused(PaymentRefused refusal) -> throw refusal;
      case Recording.Duplicate() -> Optional.empty();
    };
  }

  /** A recorded row and the people its notices go to. */
  private record Recorded(PaymentTransaction row, Map<UUID, IdentityApi.Contact> contacts) {
  }

  /**
   * Limits again (the race: another request may have taken what was left since the guards
   * looked), the quote and the row, in one transaction with the user locked.
   */
  private Optional<PaymentTransaction> record(CurrentUser user, String key, String hash,
      PaymentPlan plan,
      RiskCheck.Assessment assessment, UUID id) {
    usage.lockUser(user.userId());
    checks.requireWithinLimits(user, plan);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    PaymentTransaction row = Recording.created(user, key, hash, plan, assessment, id, now);
    if (!store.insert(row, TrackerStep.CREATED)) {
      return Optional.empty();
    }
    if (plan.quoteId() != null) {
      // After the insert: a lost race for the key never uses up the quote. A registered type
      // may price its FX leg with a built-in operation's quote: the quote names its operation.
      quotes.use(user.userId(), plan.quoteId(), id);
    }
    if (assessment.action() == RiskCheck.Action.REVIEW) {
      store.moveWithStep(id, TransactionState.CREATED, TransactionState.ON_HOLD, null,
          TrackerStep.HELD_FOR_REVIEW, String.join(",", assessment.reasons()), now);
      return Optional.of(row.withState(TransactionState.ON_HOLD));
    }
    return Optional.of(row);
  }

  /**
   * The replay of a known key, once the request that recorded it finished here (bounded wait;
   * none when it ran on another instance). Releases the key's stripe lock first.
   */
  private Executed replayAfterFirst(CurrentUser user, String key, PaymentRequest request,
      ReentrantLock lock) {
    CountDownLatch first = keyLocks.runningNow(user.userId(), key);
    lock.unlock();
    KeyLocks.awaitDone(first);
    return replay(store.byKey(user.userId(), key).orElseThrow(), request, user);
  }

  private Executed replay(PaymentTransaction earlier, PaymentRequest request, CurrentUser user) {
    if (!RequestFingerprint.matches(earlier.requestHash(), request)) {
      throw new PaymentRefused(PaymentResultCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("transactionId", earlier.id().toString()));
    }
    return new Executed(views.full(earlier, user.userId()), true);
  }

  private static String requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new PaymentRefused(PaymentResultCode.IDEMPOTENCY_KEY_MISSING, Map.of());
    }
    boolean printable = key.chars().allMatch(c -> c > 32 && c < 127);
    if (key.length() > IDEMPOTENCY_KEY_LENGTH_MAX || !printable) {
      throw new PaymentRefused(PaymentResultCode.IDEMPOTENCY_KEY_INVALID,
          FieldErrors.invalid("Idempotency-Key", FieldErrors.FORMAT));
    }
    return key;
  }

  @Override
  public Optional<TransactionView> transaction(UUID userId, UUID transactionId) {
    return store.visibleTo(userId, transactionId).map(t -> views.full(t, userId));
  }

  @Override
  public Optional<UUID> p2pRecipient(UUID senderId, UUID transactionId) {
    return store.byId(transactionId)
        .filter(t -> t.userId().equals(senderId) && "p2p".equals(t.operation()))
        .map(PaymentTransaction::counterpartyUserId);
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public TransactionPage history(UUID userId, HistoryFilter filter, String cursor, int limit) {
    return page(userId, filter, cursor, Math.clamp(limit, 1, HISTORY_LIMIT_MAX));
  }

  /** One keyset page of {@code size} lines and the cursor of the next, if there is one. */
  private TransactionPage page(UUID userId, HistoryFilter filter, String cursor, int size) {
    List<PaymentTransaction> rows = history.page(userId, filter, cursor, size);
    boolean more = rows.size() > size;
    List<PaymentTransaction> page = more ? rows.subList(0, size) : rows;
    return new TransactionPage(views.briefs(page, userId),
        more ? History.cursorAfter(page.getLast()) : null);
  }

  @Override
  @org.okpay.shared.ReplicaRead(retryOnPrimary = false)
  public void exportCsv(UUID userId, HistoryFilter filter, java.time.ZoneId zone, Writer out)
      throws IOException {
    statements.csv(userId, filter, zone, out);
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public MonthlyStatement statement(UUID userId, java.time.YearMonth month, String cursor,
      int limit) {
    TransactionPage lines = page(userId, HistoryFilter.month(month), cursor,
        Math.clamp(limit, 1, STATEMENT_PAGE_MAX));
    return statements.month(userId, month, lines);
  }

  @Override
  public Complaint fileComplaint(UUID userId, UUID transactionId, String message) {
    // One transaction: the complaint, its tracker step and its event commit together, and the
    // event reaches @ApplicationModuleListener listeners (support opens a case from it), which
    // only hear events published inside a transaction.
    return tx.execute(s -> statements.complain(userId, transactionId, message));
  }

  @Override
  public Complaint fileArrivalComplaint(UUID userId, UUID transactionId, String message) {
    return tx.execute(s -> statements.complain(userId, transactionId, message, false));
  }

  @Override
  public List<org.okpay.payments.PaymentComplaintFiled> complaintsAfter(UUID afterId,
      int limit) {
    return statements.complaintsAfter(afterId, limit);
  }
}
