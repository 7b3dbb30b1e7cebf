package org.okpay.payments.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.TwoFactorApi;
import org.okpay.ledger.Account;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.Rail;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Balances, operations and their transactions for the API and the pages. */
@Service
class PaymentsService implements PaymentsApi {

  static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;

  private final Planner planner;
  private final Checks checks;
  private final RiskCheck risk;
  private final LimitUsage usage;
  private final Quotes quotes;
  private final TransactionStore store;
  private final Mover mover;
  private final Views views;
  private final History history;
  private final Statements statements;
  private final LedgerAccounts accounts;
  private final KeyLocks keyLocks;
  private final StatusApi status;
  private final TwoFactorApi twoFactor;
  private final RailHealth health;
  private final PaymentRail rail;
  private final TransactionTemplate tx;
  private final Clock clock;

  PaymentsService(Planner planner, Checks checks, RiskCheck risk, LimitUsage usage,
      Quotes quotes, TransactionStore store, Mover mover, Views views, History history,
      Statements statements, LedgerAccounts accounts, KeyLocks keyLocks, StatusApi status,
      TwoFactorApi twoFactor, RailHealth health, PaymentRail rail, TransactionTemplate tx,
      Clock clock) {
    this.planner = planner;
    this.checks = checks;
    this.risk = risk;
    this.usage = usage;
    this.quotes = quotes;
    this.store = store;
    this.mover = mover;
    this.views = views;
    this.history = history;
    this.statements = statements;
    this.accounts = accounts;
    this.keyLocks = keyLocks;
    this.status = status;
    this.twoFactor = twoFactor;
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
    requireAvailable(request.operation());
    Plan plan = planner.plan(user, request);
    checks.requireFunds(user, plan);
    checks.requireWithinLimits(user, plan);
    Checks.Left left = checks.left(user, plan);
    RiskCheck.Assessment assessment = risk.assess(user, plan);
    long available = checks.available(user, plan);
    long after = plan.outgoing() ? available - plan.totalMinor() : available + plan.amountMinor();
    Money receives = plan.targetAmountMinor() == null
        ? new Money(plan.amountMinor(), plan.currency())
        : new Money(plan.targetAmountMinor(), plan.targetCurrency());
    return new Preview(plan.operation(), new Money(plan.amountMinor(), plan.currency()),
        new Money(plan.feeMinor(), plan.currency()), new Money(plan.totalMinor(), plan.currency()),
        receives, new Money(after, plan.currency()),
        new Money(Math.max(0, left.dailyMinor()), left.limit().limitCurrency()),
        new Money(Math.max(0, left.monthlyMinor()), left.limit().limitCurrency()),
        plan.rail() != null && health.state(plan.rail()) != org.okpay.status.ComponentState
            .OPERATIONAL || railIncident(plan.rail()),
        plan.rail() == null || plan.rail() == Rail.CARD ? null
            : rail.expectedArrival(plan.rail()),
        assessment.action() == RiskCheck.Action.STEP_UP,
        assessment.action() == RiskCheck.Action.REVIEW, assessment.reasons());
  }

  private boolean railIncident(Rail rail) {
    return rail != null && !status.incidentsAffecting(rail.component()).isEmpty();
  }

  @Override
  public Executed execute(CurrentUser user, String idempotencyKey, PaymentRequest request,
      String secondFactorCode) {
    String key = requireKey(idempotencyKey);
    String hash = hash(request);
    ReentrantLock lock = keyLocks.of(user.userId(), key);
    lock.lock();
    try {
      Optional<TxRow> earlier = store.byKey(user.userId(), key);
      if (earlier.isPresent()) {
        return replay(earlier.get(), hash, user);
      }
      return executeOnce(user, key, hash, request, secondFactorCode);
    } finally {
      lock.unlock();
    }
  }

  private Executed executeOnce(CurrentUser user, String key, String hash, PaymentRequest request,
      String secondFactorCode) {
    requireAvailable(request.operation());
    Plan plan = planner.plan(user, request);
    checks.requireFunds(user, plan);
    RiskCheck.Assessment assessment = risk.assess(user, plan);
    if (assessment.action() == RiskCheck.Action.STEP_UP) {
      twoFactor.requireFreshSecondFactor(user, secondFactorCode);
    }
    UUID id = UUID.randomUUID();
    Optional<TxRow> recorded = tx.execute(s -> record(user, key, hash, plan, assessment, id));
    if (recorded.isEmpty()) {
      // Another instance recorded the same key between our look and our insert.
      return replay(store.byKey(user.userId(), key).orElseThrow(), hash, user);
    }
    TxRow row = recorded.get();
    if (row.state() == TransactionState.CREATED) {
      mover.start(row);
    }
    return new Executed(views.full(store.byId(id).orElseThrow(), user.userId()), false);
  }

  /** Limits, the quote and the row, in one transaction with the user locked. */
  private Optional<TxRow> record(CurrentUser user, String key, String hash, Plan plan,
      RiskCheck.Assessment assessment, UUID id) {
    usage.lockUser(user.userId());
    checks.requireWithinLimits(user, plan);
    Instant now = clock.instant();
    TxRow row = new TxRow(id, user.userId(), plan.operation(), TransactionState.CREATED,
        plan.amountMinor(), plan.currency(), plan.feeMinor(), plan.targetAmountMinor(),
        plan.targetCurrency(), plan.fxRate(), plan.quoteId(), plan.cardId(),
        plan.bankAccountId(), plan.recipient() == null ? null : plan.recipient().userId(),
        plan.counterparty(), plan.recipientBank(), plan.note(), plan.rail(), null, null,
        plan.limitAmountMinor(), assessment.reasons(), null, key, hash, now, now);
    if (!store.insert(row)) {
      return Optional.empty();
    }
    if (plan.quoteId() != null) {
      // After the insert: a lost race for the key never uses up the quote.
      quotes.use(user.userId(), plan.quoteId(), plan.operation(), id);
    }
    store.step(id, "created", null, now);
    if (assessment.action() == RiskCheck.Action.REVIEW) {
      store.move(id, TransactionState.CREATED, TransactionState.ON_HOLD, null, now);
      store.step(id, "held_for_review", String.join(",", assessment.reasons()), now);
      return Optional.of(row.withState(TransactionState.ON_HOLD));
    }
    return Optional.of(row);
  }

  private Executed replay(TxRow earlier, String hash, CurrentUser user) {
    if (!earlier.requestHash().equals(hash)) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("transactionId", earlier.id().toString()));
    }
    return new Executed(views.full(earlier, user.userId()), true);
  }

  private void requireAvailable(Operation operation) {
    component(operation).ifPresent(status::requireAvailable);
  }

  static Optional<StatusComponent> component(Operation operation) {
    return Optional.ofNullable(switch (operation) {
      case TOPUP_CARD -> StatusComponent.CARD_TOPUPS;
      case TOPUP_BANK, WITHDRAWAL -> StatusComponent.BANK_TRANSFERS;
      case P2P -> StatusComponent.P2P_PAYMENTS;
      case CROSS_BORDER -> StatusComponent.CROSS_BORDER;
      case CONVERT -> null;
    });
  }

  private static String requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    boolean printable = key.chars().allMatch(c -> c > 32 && c < 127);
    if (key.length() > IDEMPOTENCY_KEY_LENGTH_MAX || !printable) {
      throw FieldErrors.invalid("Idempotency-Key", FieldErrors.FORMAT);
    }
    return key;
  }

  /** The request's fingerprint: records print every field, in order. */
  static String hash(PaymentRequest request) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(request.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<TransactionView> transaction(UUID userId, UUID transactionId) {
    return store.visibleTo(userId, transactionId).map(t -> views.full(t, userId));
  }

  @Override
  public TransactionPage history(UUID userId, HistoryFilter filter, String cursor, int limit) {
    int size = Math.clamp(limit, 1, HISTORY_LIMIT_MAX);
    List<TxRow> rows = history.page(userId, filter, cursor, size);
    boolean more = rows.size() > size;
    List<TxRow> page = more ? rows.subList(0, size) : rows;
    return new TransactionPage(page.stream().map(t -> views.brief(t, userId)).toList(),
        more ? History.cursorAfter(page.getLast()) : null);
  }

  @Override
  public void exportCsv(UUID userId, HistoryFilter filter, Writer out) throws IOException {
    statements.csv(userId, filter, out);
  }

  @Override
  public MonthlyStatement statement(UUID userId, java.time.YearMonth month) {
    return statements.month(userId, month);
  }

  @Override
  public Complaint fileComplaint(UUID userId, UUID transactionId, String message) {
    return statements.complain(userId, transactionId, message);
  }
}
