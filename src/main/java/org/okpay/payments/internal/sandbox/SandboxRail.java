package org.okpay.payments.internal.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.okpay.payments.internal.sandbox.OperationRow.Kind;
import org.okpay.payments.internal.sandbox.SandboxVault.VaultCard;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox rail, OKPay's default {@link PaymentRail}: a card network and a bank with their own
 * state (schema sandbox), test cards and bank accounts that trigger every outcome, and settlement
 * delays in rail time ({@link SandboxClock}).
 *
 * <p>Like a real rail's, its writes commit on their own (a new transaction), whatever the
 * caller's transaction does afterwards: a charge that happened stays happened. A repeated
 * reference is the same operation: the first request's effect, as it stands now. Due changes
 * (settling, returns, the truth behind a time-out) are applied when someone asks, with the row
 * locked, so concurrent callers see one change.
 */
@Component
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxRail implements PaymentRail {

  static final int REFERENCE_LENGTH_MAX = 100;
  static final Duration DOMESTIC = Duration.ofMinutes(2);
  static final Duration DOMESTIC_SLOW = Duration.ofMinutes(20);
  static final int CROSS_BORDER_DAYS = 1;
  static final int CROSS_BORDER_SLOW_DAYS = 3;
  /** The two micro-deposits, in minor units of the account's currency, as Stripe's test mode. */
  static final List<Long> MICRO_DEPOSITS_MINOR = List.of(32L, 45L);

  private final SandboxVault vault;
  private final SandboxClock clock;
  private final OperationStore operations;
  private final SandboxProperties properties;
  private final TransactionTemplate ownTransaction;

  SandboxRail(SandboxVault vault, SandboxClock clock, OperationStore operations,
      SandboxProperties properties, PlatformTransactionManager transactions) {
    this.vault = vault;
    this.clock = clock;
    this.operations = operations;
    this.properties = properties;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public CardToken tokenizeCard(String number, int expiryMonth, int expiryYear, String cvc) {
    return ownTransaction.execute(
        s -> vault.tokenize(number, expiryMonth, expiryYear, cvc, clock.now()));
  }

  @Override
  public CardToken updateCard(CardToken card, int expiryMonth, int expiryYear, String cvc) {
    Objects.requireNonNull(card, "card");
    return ownTransaction.execute(s -> vault.update(card, expiryMonth, expiryYear, cvc));
  }

  @Override
  public RailOutcome chargeCard(String reference, CardToken card, long amountMinor,
      Currency currency) {
    requireRequest(reference, amountMinor, currency);
    String hash = hash(Kind.CHARGE, Rail.CARD, amountMinor, currency, card.token());
    return ownTransaction.execute(s -> {
      Instant now = clock.now();
      Optional<VaultCard> vaulted = vault.find(card.token());
      OperationRow fresh = vaulted.map(v -> charge(reference, hash, v, amountMinor, currency, now))
          .orElseGet(() -> declined(reference, hash, Kind.CHARGE, Rail.CARD, "unknown_token",
              amountMinor, currency, DeclineCode.DO_NOT_HONOR, now));
      return request(fresh, now);
    });
  }

  @Override
  public BankCheck checkBankAccount(BankAccountDetails account) {
    Objects.requireNonNull(account.accountNumber(), "accountNumber");
    return switch (BankScenario.of(account.accountNumber())) {
      case MICRO_DEPOSITS -> new BankCheck(BankCheck.Result.MICRO_DEPOSITS, null,
          MICRO_DEPOSITS_MINOR);
      default -> new BankCheck(BankCheck.Result.VERIFIED, null, List.of());
    };
  }

  @Override
  public RailOutcome collect(String reference, BankAccountDetails from, long amountMinor,
      Currency currency) {
    return bankTransfer(reference, Kind.COLLECT, Rail.DOMESTIC_BANK, from, amountMinor, currency);
  }

  @Override
  public RailOutcome payout(String reference, Rail rail, BankAccountDetails to, long amountMinor,
      Currency currency) {
    if (rail != Rail.DOMESTIC_BANK && rail != Rail.CROSS_BORDER) {
      throw new IllegalArgumentException("a payout goes over a bank rail, not " + rail);
    }
    return bankTransfer(reference, Kind.PAYOUT, rail, to, amountMinor, currency);
  }

  @Override
  public RailOutcome status(String reference) {
    Objects.requireNonNull(reference, "reference");
    return ownTransaction.execute(s -> operations.lock(reference)
        .map(row -> settle(row, clock.now()).outcome())
        .orElseGet(() -> new RailOutcome(reference, null, RailState.NOT_FOUND, 0, null, null,
            null, null)));
  }

  @Override
  public Instant now() {
    return clock.now();
  }

  private RailOutcome bankTransfer(String reference, Kind kind, Rail rail,
      BankAccountDetails account, long amountMinor, Currency currency) {
    requireRequest(reference, amountMinor, currency);
    Objects.requireNonNull(account.accountNumber(), "accountNumber");
    String hash = hash(kind, rail, amountMinor, currency,
        account.accountNumber() + "/" + account.bankCode());
    BankScenario scenario = BankScenario.of(account.accountNumber());
    return ownTransaction.execute(s -> {
      Instant now = clock.now();
      OperationRow fresh = scenario == BankScenario.NAME_MISMATCH
          ? declined(reference, hash, kind, rail, scenario.key(), amountMinor, currency,
              DeclineCode.NAME_MISMATCH, now)
          : processing(reference, hash, kind, rail, scenario, amountMinor, currency, now);
      return request(fresh, now);
    });
  }

  /** Records a new operation, or answers the one already there under this reference. */
  private RailOutcome request(OperationRow fresh, Instant now) {
    if (operations.insertIfAbsent(fresh)) {
      return fresh.answer();
    }
    OperationRow existing = operations.lock(fresh.reference()).orElseThrow();
    if (!existing.requestHash().equals(fresh.requestHash())) {
      // A rail refuses an idempotency key reused for something else; for OKPay it is a bug.
      throw new IllegalArgumentException(
          "reference " + fresh.reference() + " was already used for another request");
    }
    return settle(existing, now).answer();
  }

  private OperationRow settle(OperationRow row, Instant now) {
    OperationRow due = row.dueAt(now);
    if (due.state() != row.state()) {
      operations.updateState(due);
    }
    return due;
  }

  private OperationRow charge(String reference, String hash, VaultCard card, long amountMinor,
      Currency currency, Instant now) {
    YearMonth expiry = YearMonth.of(card.expiryYear(), card.expiryMonth());
    if (expiry.isBefore(YearMonth.from(now.atZone(ZoneOffset.UTC)))) {
      return declined(reference, hash, Kind.CHARGE, Rail.CARD, card.scenario().key(),
          amountMinor, currency, DeclineCode.EXPIRED_CARD, now);
    }
    CardScenario scenario = card.scenario();
    RailState state = scenario.timesOut ? RailState.UNKNOWN : scenario.outcome;
    DeclineCode decline = scenario.timesOut ? null : scenario.decline;
    return new OperationRow(reference, newRailReference(), Rail.CARD, Kind.CHARGE, hash,
        scenario.key(), amountMinor, currency, state, decline, scenario.outcome,
        scenario.decline, scenario.timesOut, now, now, null, now);
  }

  private OperationRow processing(String reference, String hash, Kind kind, Rail rail,
      BankScenario scenario, long amountMinor, Currency currency, Instant now) {
    Instant settlesAt = now.plus(scaled(now, settlement(rail, scenario, now)));
    Instant returnsAt = scenario != BankScenario.RETURNED ? null : settlesAt.plus(scaled(settlesAt,
        BusinessDays.add(settlesAt, properties.returnAfterBusinessDays())));
    boolean closed = scenario == BankScenario.ACCOUNT_CLOSED;
    return new OperationRow(reference, newRailReference(), rail, kind, hash, scenario.key(),
        amountMinor, currency, RailState.PROCESSING, null,
        closed ? RailState.DECLINED : RailState.COMPLETED,
        closed ? DeclineCode.ACCOUNT_CLOSED : null, false, now, settlesAt, returnsAt, now);
  }

  private static OperationRow declined(String reference, String hash, Kind kind, Rail rail,
      String scenario, long amountMinor, Currency currency, DeclineCode code, Instant now) {
    return new OperationRow(reference, newRailReference(), rail, kind, hash, scenario,
        amountMinor, currency, RailState.DECLINED, code, RailState.DECLINED, code, false, now,
        now, null, now);
  }

  @Override
  public Instant expectedArrival(Rail rail) {
    Instant now = now();
    return rail == Rail.CARD ? now
        : now.plus(scaled(now, settlement(rail, BankScenario.INSTANT, now)));
  }

  /** When the transfer would settle in nominal (unscaled) rail time. */
  private static Instant settlement(Rail rail, BankScenario scenario, Instant now) {
    boolean slow = scenario == BankScenario.SLOW;
    if (rail == Rail.CROSS_BORDER) {
      return BusinessDays.add(now, slow ? CROSS_BORDER_SLOW_DAYS : CROSS_BORDER_DAYS);
    }
    return now.plus(slow ? DOMESTIC_SLOW : DOMESTIC);
  }

  /** The real wait until {@code nominal}: the nominal delay divided by the time factor. */
  private Duration scaled(Instant from, Instant nominal) {
    return Duration.between(from, nominal).dividedBy(properties.timeFactor());
  }

  private static void requireRequest(String reference, long amountMinor, Currency currency) {
    if (reference == null || reference.isEmpty() || reference.length() > REFERENCE_LENGTH_MAX) {
      throw new IllegalArgumentException("reference must be 1.." + REFERENCE_LENGTH_MAX);
    }
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amount must be positive: " + amountMinor);
    }
    Objects.requireNonNull(currency, "currency");
  }

  private static String newRailReference() {
    return "sbx_" + SandboxVault.randomHex(12);
  }

  private static String hash(Kind kind, Rail rail, long amountMinor, Currency currency,
      String target) {
    String request = String.join("|", kind.name(), rail.name(), Long.toString(amountMinor),
        currency.getCurrencyCode(), target);
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(request.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
