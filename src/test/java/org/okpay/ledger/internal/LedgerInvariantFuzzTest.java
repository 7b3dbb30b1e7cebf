package org.okpay.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.okpay.ledger.LedgerFixture.EUR;
import static org.okpay.ledger.LedgerFixture.USD;
import static org.okpay.ledger.TransferResultCode.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.okpay.FuzzSeed;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.InvariantReport;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.LedgerFixture;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.okpay.ledger.internal.LedgerModel.Acct;
import org.okpay.ledger.internal.LedgerModel.Hold;
import org.okpay.ledger.internal.LedgerModel.HoldState;
import org.springframework.beans.factory.annotation.Autowired;
import org.okpay.OkPayTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Randomized invariant test of the ledger with a printed, replayable seed. Each round generates
 * at least {@value #REQUESTS_PER_ROUND_MIN} random transfers over a few customer, merchant and
 * system accounts in two currencies, submits them all at once to the batched writer (so they
 * share database batches in an order nobody controls), waits for every result, and then checks:
 *
 * <ol>
 *   <li>every result is one the rules allow, given what the round could do in any arrival order
 *       (exact where the order cannot matter, e.g. an amount above anything the account could
 *       hold is always {@code EXCEEDS_AVAILABLE_BALANCE});
 *   <li>{@link LedgerApi#checkInvariants()} holds (every round while the database is small
 *       enough; see {@link #checkLedgerMatchesModel});
 *   <li>each account's four balance columns and status equal an independent model that changes
 *       only from returned results (an OK applies its effect, anything else nothing), and equal
 *       the sums of the account's stored transfers;
 *   <li>no customer or merchant account has a negative available balance;
 *   <li>a rejected transfer's id is not stored, unless it replayed an existing id, whose stored
 *       transfer is then unchanged;
 *   <li>what an OK or EXISTS result returned is exactly what is stored, and EXISTS returns the
 *       transfer first stored under that id.
 * </ol>
 *
 * <p>Replay: {@code -Dokpay.fuzz.seed=N} or {@code OKPAY_FUZZ_SEED=N}. The seed fixes every random
 * choice; the database still decides the arrival order within a round, so a replay makes the
 * same kinds of requests but not necessarily the same ones where a choice depends on an earlier
 * order-dependent outcome.
 */
@OkPayTest
class LedgerInvariantFuzzTest {

  private static final int ROUNDS = 100;
  private static final int REQUESTS_PER_ROUND_MIN = 100;
  private static final long MISSING_ACCOUNT = Long.MAX_VALUE - 7;
  private static final long FUNDING_MINOR = 50_000;
  private static final Duration TINY = Duration.ofMillis(1);
  private static final Duration LONG = Duration.ofHours(1);
  private static final Duration EXPIRY_WAIT_MAX = Duration.ofSeconds(10);
  private static final int REJECTED_POOL_MAX = 500;
  /** Time the global invariant checks of one run may take together (see below). */
  private static final Duration GLOBAL_CHECKS_BUDGET = Duration.ofSeconds(15);
  private static final Set<TransferResultCode> SUCCESS = EnumSet.of(OK, EXISTS);
  /** Shape guards this test does not generate; LedgerGuardsTest walks them one by one. */
  private static final Set<TransferResultCode> NOT_GENERATED = EnumSet.of(ID_MISSING,
      KIND_MISSING, CODE_INVALID, REFERENCE_TOO_LONG, METADATA_TOO_LARGE, PENDING_ID_REQUIRED,
      PENDING_ID_NOT_ALLOWED, ACCOUNTS_REQUIRED, CURRENCY_REQUIRED);

  private static final String[] MENU = menu(
      "p2p", 14, "topup", 8, "fee", 4, "overdraw", 5, "pending", 10, "pending-overdraw", 2,
      "post", 8, "post-over", 2, "void", 5, "void-wrong-amount", 1, "settle-mismatch", 2,
      "expire-early", 1, "settle-settled", 3, "settle-unknown", 1, "replay", 6,
      "replay-different", 6, "retry-rejected", 3, "missing-account", 2, "currency-mismatch", 2,
      "frozen", 2, "closed", 2, "linked", 6, "overflow", 1, "shape", 1, "duplicate", 2,
      "hold-and-settle", 3);

  @Autowired LedgerApi ledger;
  @Autowired LedgerWriter writer;
  @Autowired PendingExpiryJanitor janitor;
  @Autowired JdbcClient jdbc;
  @Autowired MetadataCodec metadataCodec;

  private final LedgerModel model = new LedgerModel();
  private final List<Pool> pools = new ArrayList<>();
  private final List<TransferRequest> rejectedPool = new ArrayList<>();
  private final Map<TransferResultCode, Integer> codeCounts = new EnumMap<>(TransferResultCode.class);
  private Random rnd;
  private List<Hold> openHolds;
  private List<Hold> settledHolds;
  private long requestsTotal;
  private long exactPredictions;
  private long expiriesTotal;
  private int globalCheckEvery = 1;
  private long calibrationNanos = Long.MAX_VALUE;

  /** The accounts of one currency. Spenders are customers and merchants; one of them toggles. */
  private static final class Pool {
    final Currency currency;
    final List<Long> spenders = new ArrayList<>();
    final List<Long> receivers = new ArrayList<>();
    long toggled;
    long frozen;
    long closed;
    long rail;
    long fees;

    Pool(Currency currency) {
      this.currency = currency;
    }
  }

  private enum Mode { SINGLE, LINKED, COPIES }

  /** One or more requests and how they are submitted, with the codes each may get. */
  private static final class Op {
    final String label;
    final Mode mode;
    final int copies;
    final List<TransferRequest> requests;
    final boolean[] overdraw;
    final List<Set<TransferResultCode>> allowed = new ArrayList<>();
    final List<CompletableFuture<List<TransferResult>>> futures = new ArrayList<>();
    final List<TransferResult> results = new ArrayList<>();

    Op(String label, Mode mode, int copies, List<TransferRequest> requests, boolean[] overdraw) {
      this.label = label;
      this.mode = mode;
      this.copies = copies;
      this.requests = new ArrayList<>(requests);
      this.overdraw = overdraw;
    }

    int submitted() {
      return mode == Mode.COPIES ? copies : requests.size();
    }

    /** The request behind the i-th result. */
    TransferRequest request(int i) {
      return mode == Mode.COPIES ? requests.getFirst() : requests.get(i);
    }
  }

  @Test
  void randomOperationsKeepEveryInvariant() {
    long seed = FuzzSeed.seed();
    System.out.printf("LedgerInvariantFuzzTest seed=%d, replay with -Dokpay.fuzz.seed=%d "
        + "(or OKPAY_FUZZ_SEED=%d)%n", seed, seed, seed);
    rnd = new Random(seed);
    long startNanos = System.nanoTime();
    int round = 0;
    try {
      setUpAccounts();
      checkLedgerMatchesModel(true, true);
      for (round = 1; round <= ROUNDS; round++) {
        runRound(round);
      }
      assertCoverage();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("fuzz failed in round " + round + " with seed=" + seed
          + " (replay with -Dokpay.fuzz.seed=" + seed + "): " + e.getMessage(), e);
    }
    System.out.printf("LedgerInvariantFuzzTest seed=%d: %d rounds, %d requests, %d exactly "
            + "predicted (%.0f%%), %d holds expired, %.1f s%n  codes: %s%n",
        seed, ROUNDS, requestsTotal, exactPredictions, 100.0 * exactPredictions / requestsTotal,
        expiriesTotal, (System.nanoTime() - startNanos) / 1e9, codeCounts);
  }

  // ---------------------------------------------------------------- accounts

  private void setUpAccounts() {
    LedgerFixture fixture = new LedgerFixture(ledger);
    for (Currency c : List.of(USD, EUR)) {
      Pool p = new Pool(c);
      p.rail = model.track(fixture.system(c)).id;
      p.fees = model.track(fixture.open(OwnerType.SYSTEM, c, "fees")).id;
      for (int i = 0; i < 7; i++) {
        p.spenders.add(model.track(fixture.customer(c)).id);
      }
      for (int i = 0; i < 2; i++) {
        p.spenders.add(model.track(fixture.merchant(c)).id);
      }
      p.toggled = p.spenders.getFirst();
      p.frozen = model.track(fixture.customer(c)).id;
      p.closed = model.track(fixture.customer(c)).id;
      for (long id : p.spenders) {
        fund(p, id);
      }
      fund(p, p.frozen);
      model.acct(p.frozen).status = ledger.freeze(p.frozen).status();
      model.acct(p.closed).status = ledger.close(p.closed).status();
      assertThat(model.acct(p.frozen).status).isEqualTo(AccountStatus.FROZEN);
      assertThat(model.acct(p.closed).status).isEqualTo(AccountStatus.CLOSED);
      p.receivers.addAll(p.spenders);
      p.receivers.add(p.frozen);
      pools.add(p);
    }
    System.out.printf("LedgerInvariantFuzzTest: %d accounts, %d customer/merchant, funded %d each%n",
        model.accounts.size(), pools.size() * 10, FUNDING_MINOR);
  }

  private void fund(Pool p, long accountId) {
    TransferRequest r = TransferRequest.posted(UUID.randomUUID(), p.rail, accountId,
        FUNDING_MINOR, p.currency, "fuzz-fund", null);
    TransferResult result = ledger.transfer(r);
    assertThat(result.code()).isEqualTo(OK);
    model.applyOk(r, result.transfer());
  }

  // ---------------------------------------------------------------- one round

  private void runRound(int round) {
    openHolds = model.holds.values().stream()
        .filter(h -> h.state == HoldState.OPEN && !h.tiny).toList();
    settledHolds = model.holds.values().stream().filter(h -> h.state != HoldState.OPEN).toList();
    List<Op> ops = new ArrayList<>();
    int requests = 0;
    while (requests < REQUESTS_PER_ROUND_MIN) {
      Op op = nextOp();
      if (op != null) {
        ops.add(op);
        requests += op.submitted();
      }
    }
    plan(ops);
    submitAll(ops);
    Map<TransferResultCode, Integer> roundCodes = checkResults(ops);
    int expired = expireTinyHolds();
    if (round % 10 == 0) {
      toggleFreeze();
    }
    boolean global = round == 1 || round % globalCheckEvery == 0 || round == ROUNDS;
    String checked = checkLedgerMatchesModel(global, round == 1);
    requestsTotal += requests;
    expiriesTotal += expired;
    System.out.printf("round %3d: %d requests in %d ops, %d holds expired, %s; %s%n", round,
        requests, ops.size(), expired, checked, roundCodes);
  }

  private void submitAll(List<Op> ops) {
    for (Op op : ops) {
      switch (op.mode) {
        case LINKED -> op.futures.add(writer.submit(op.requests, true));
        case COPIES -> {
          for (int i = 0; i < op.copies; i++) {
            op.futures.add(writer.submit(op.requests, false));
          }
        }
        case SINGLE -> op.requests.forEach(r -> op.futures.add(writer.submit(List.of(r), false)));
      }
    }
    for (Op op : ops) {
      op.futures.forEach(f -> op.results.addAll(f.join()));
      assertThat(op.results).hasSize(op.submitted());
    }
  }

  // ---------------------------------------------------------------- generation

  private Op nextOp() {
    String label = MENU[rnd.nextInt(MENU.length)];
    Pool p = pools.get(rnd.nextInt(pools.size()));
    return switch (label) {
      case "p2p" -> single(label, p2p(p));
      case "topup" -> single(label, topup(p));
      case "fee" -> single(label, posted(pick(p.spenders), p.fees, 1 + rnd.nextInt(500), p.currency));
      case "overdraw" -> overdraw(label, p2p(p));
      case "pending" -> single(label, pendingRequest(p, timeout()));
      case "pending-overdraw" -> overdraw(label, pendingRequest(p, timeout()));
      case "post", "post-over", "void", "void-wrong-amount", "settle-mismatch", "expire-early" ->
          settleOpen(label, p);
      case "settle-settled" -> settledHolds.isEmpty() ? null : single(label,
          rnd.nextBoolean() ? postRequest(pick(settledHolds), 0) : voidRequest(pick(settledHolds), 0));
      case "settle-unknown" -> single(label, unknownSettlement());
      case "replay" -> model.storedIds.isEmpty() ? null
          : single(label, model.storedRequests.get(pick(model.storedIds)));
      case "replay-different" -> model.storedIds.isEmpty() ? null
          : single(label, vary(model.storedRequests.get(pick(model.storedIds)), p));
      case "retry-rejected" -> rejectedPool.isEmpty() ? null
          : single(label, rejectedPool.remove(rnd.nextInt(rejectedPool.size())));
      case "missing-account" -> single(label, rnd.nextBoolean()
          ? posted(MISSING_ACCOUNT, pick(p.receivers), 10, p.currency)
          : posted(pick(p.spenders), MISSING_ACCOUNT, 10, p.currency));
      case "currency-mismatch" -> single(label, currencyMismatch(p));
      case "frozen" -> single(label, rnd.nextBoolean()
          ? posted(p.frozen, pick(p.spenders), 1 + rnd.nextInt(100), p.currency)
          : posted(pick(p.spenders), p.frozen, 1 + rnd.nextInt(1000), p.currency));
      case "closed" -> single(label, rnd.nextBoolean()
          ? posted(p.closed, pick(p.spenders), 10, p.currency)
          : posted(pick(p.spenders), p.closed, 10, p.currency));
      case "linked" -> linked(p);
      case "overflow" -> single(label, posted(p.rail, pick(p.receivers), Long.MAX_VALUE, p.currency));
      case "shape" -> single(label, badShape(p));
      case "duplicate" -> new Op(label, Mode.COPIES, 2 + rnd.nextInt(2), List.of(topup(p)),
          new boolean[1]);
      case "hold-and-settle" -> holdAndSettle(p);
      default -> throw new IllegalStateException(label);
    };
  }

  private Op single(String label, TransferRequest r) {
    return new Op(label, Mode.SINGLE, 1, List.of(r), new boolean[1]);
  }

  /** The amount is set in {@link #plan} above anything the debit account could hold. */
  private Op overdraw(String label, TransferRequest r) {
    return new Op(label, Mode.SINGLE, 1, List.of(r), new boolean[] {true});
  }

  private TransferRequest p2p(Pool p) {
    long debit = pick(p.spenders);
    return posted(debit, otherThan(p.receivers, debit), 1 + rnd.nextInt(5000), p.currency);
  }

  private TransferRequest topup(Pool p) {
    return posted(p.rail, pick(p.receivers), 1 + rnd.nextInt(20_000), p.currency);
  }

  private TransferRequest pendingRequest(Pool p, Duration timeout) {
    long debit = pick(p.spenders);
    return new TransferRequest(UUID.randomUUID(), TransferKind.PENDING, debit,
        otherThan(p.receivers, debit), 1 + rnd.nextInt(5000), p.currency, null, timeout, "fuzz",
        reference(), metadata());
  }

  /** No timeout, an hour (sometimes with a sub-microsecond part), or tiny so that it expires. */
  private Duration timeout() {
    int roll = rnd.nextInt(10);
    if (roll < 3) {
      return null;
    }
    if (roll < 6) {
      return LONG;
    }
    if (roll < 7) {
      return LONG.plusNanos(1 + rnd.nextInt(999));
    }
    return TINY;
  }

  private TransferRequest posted(long debit, long credit, long amount, Currency currency) {
    return new TransferRequest(UUID.randomUUID(), TransferKind.POSTED, debit, credit, amount,
        currency, null, null, "fuzz", reference(), metadata());
  }

  private TransferRequest postRequest(Hold h, long amount) {
    boolean explicit = rnd.nextInt(4) == 0;
    Transfer p = h.pending;
    return new TransferRequest(UUID.randomUUID(), TransferKind.POST_PENDING,
        explicit ? p.debitAccountId() : 0, explicit ? p.creditAccountId() : 0, amount,
        explicit ? p.currency() : null, p.id(), null, "fuzz", reference(), metadata());
  }

  private TransferRequest voidRequest(Hold h, long amount) {
    return new TransferRequest(UUID.randomUUID(), TransferKind.VOID_PENDING, 0, 0, amount, null,
        h.pending.id(), null, "fuzz", reference(), metadata());
  }

  private Op settleOpen(String label, Pool p) {
    if (openHolds.isEmpty()) {
      return null;
    }
    Hold h = pick(openHolds);
    long held = h.pending.amountMinor();
    UUID id = UUID.randomUUID();
    UUID pendingId = h.pending.id();
    TransferRequest r = switch (label) {
      case "post" -> postRequest(h, switch (rnd.nextInt(3)) {
        case 0 -> 0;
        case 1 -> held;
        default -> 1 + rnd.nextLong(held);
      });
      case "post-over" -> postRequest(h, held + 1 + rnd.nextInt(100));
      case "void" -> voidRequest(h, rnd.nextBoolean() ? 0 : held);
      case "void-wrong-amount" -> voidRequest(h, held + 1);
      case "settle-mismatch" -> rnd.nextBoolean()
          ? new TransferRequest(id, TransferKind.POST_PENDING, p.rail, 0, 0, null, pendingId, null,
              "fuzz", null, Map.of())
          : new TransferRequest(id, TransferKind.VOID_PENDING, 0, 0, 0,
              h.pending.currency().equals(USD) ? EUR : USD, pendingId, null, "fuzz", null, Map.of());
      case "expire-early" -> new TransferRequest(id, TransferKind.EXPIRE_PENDING, 0, 0, 0, null,
          pendingId, null, "fuzz", null, Map.of());
      default -> throw new IllegalStateException(label);
    };
    return single(label, r);
  }

  /** A hold nobody created: a random id, or the id of a transfer that is not a hold. */
  private TransferRequest unknownSettlement() {
    UUID pendingId = UUID.randomUUID();
    if (rnd.nextBoolean() && !model.storedIds.isEmpty()) {
      UUID candidate = pick(model.storedIds);
      if (model.stored.get(candidate).kind() != TransferKind.PENDING) {
        pendingId = candidate;
      }
    }
    return new TransferRequest(UUID.randomUUID(), TransferKind.POST_PENDING, 0, 0, 0, null,
        pendingId, null, "fuzz", null, Map.of());
  }

  private TransferRequest currencyMismatch(Pool p) {
    Pool other = pools.get(0) == p ? pools.get(1) : pools.get(0);
    return switch (rnd.nextInt(3)) {
      case 0 -> posted(pick(p.spenders), pick(other.receivers), 10, p.currency);
      case 1 -> posted(pick(p.spenders), pick(other.receivers), 10, other.currency);
      default -> {
        long debit = pick(p.spenders);
        yield posted(debit, otherThan(p.receivers, debit), 10, other.currency);
      }
    };
  }

  private TransferRequest badShape(Pool p) {
    long debit = pick(p.spenders);
    long credit = otherThan(p.receivers, debit);
    UUID id = UUID.randomUUID();
    return switch (rnd.nextInt(4)) {
      case 0 -> posted(debit, debit, 10, p.currency);
      case 1 -> posted(debit, credit, 0, p.currency);
      case 2 -> new TransferRequest(id, TransferKind.POSTED, debit, credit, 10, p.currency, null,
          LONG, "fuzz", null, Map.of());
      default -> new TransferRequest(id, TransferKind.PENDING, debit, credit, 10, p.currency, null,
          Duration.ofSeconds(-1), "fuzz", null, Map.of());
    };
  }

  /** Two to four transfers, all or none; some with a member that must or may fail. */
  private Op linked(Pool p) {
    int n = 2 + rnd.nextInt(3);
    List<TransferRequest> members = new ArrayList<>();
    boolean[] overdraw = new boolean[n];
    for (int i = 0; i < n; i++) {
      int roll = rnd.nextInt(100);
      TransferRequest member;
      if (roll < 35) {
        member = p2p(p);
      } else if (roll < 50) {
        member = topup(p);
      } else if (roll < 58) {
        member = posted(pick(p.spenders), p.fees, 1 + rnd.nextInt(500), p.currency);
      } else if (roll < 72) {
        member = pendingRequest(p, timeout());
      } else if (roll < 80 && !openHolds.isEmpty()) {
        member = postRequest(pick(openHolds), 0);
      } else if (roll < 88) {
        overdraw[i] = true;
        member = p2p(p);
      } else if (roll < 92) {
        member = posted(MISSING_ACCOUNT, pick(p.receivers), 10, p.currency);
      } else if (roll < 96) {
        member = posted(p.frozen, pick(p.spenders), 10, p.currency);
      } else {
        member = posted(pick(p.spenders), p.closed, 10, p.currency);
      }
      members.add(member);
    }
    return new Op("linked", Mode.LINKED, 1, members, overdraw);
  }

  /** A hold and its post or void submitted together: which arrives first is up to the race. */
  private Op holdAndSettle(Pool p) {
    TransferRequest hold = pendingRequest(p, rnd.nextBoolean() ? null : TINY);
    TransferRequest settle = rnd.nextBoolean()
        ? new TransferRequest(UUID.randomUUID(), TransferKind.POST_PENDING, 0, 0, 0, null,
            hold.id(), null, "fuzz", null, Map.of())
        : new TransferRequest(UUID.randomUUID(), TransferKind.VOID_PENDING, 0, 0, 0, null,
            hold.id(), null, "fuzz", null, Map.of());
    return new Op("hold-and-settle", Mode.SINGLE, 1, List.of(hold, settle), new boolean[2]);
  }

  /** The same id as a stored transfer with one field changed. */
  private TransferRequest vary(TransferRequest r, Pool p) {
    Transfer t = model.stored.get(r.id());
    boolean direct = !r.kind().resolvesPending();
    Currency otherCurrency = t.currency().equals(USD) ? EUR : USD;
    long other = otherThan(p.spenders, t.debitAccountId(), t.creditAccountId());
    return switch (rnd.nextInt(9)) {
      case 0 -> new TransferRequest(r.id(), switch (r.kind()) {
            case POSTED -> TransferKind.PENDING;
            case PENDING -> TransferKind.POSTED;
            case POST_PENDING -> TransferKind.VOID_PENDING;
            default -> TransferKind.POST_PENDING;
          }, r.debitAccountId(), r.creditAccountId(), r.amountMinor(), r.currency(),
          r.pendingId(), null, r.code(), r.reference(), r.metadata());
      case 1 -> direct ? with(r, other, r.creditAccountId(), r.amountMinor(), r.currency())
          : new TransferRequest(r.id(), r.kind(), r.debitAccountId(), r.creditAccountId(),
              r.amountMinor(), r.currency(), UUID.randomUUID(), r.timeout(), r.code(),
              r.reference(), r.metadata());
      case 2 -> with(r, direct ? r.debitAccountId() : 0, other, r.amountMinor(), r.currency());
      case 3 -> with(r, r.debitAccountId(), r.creditAccountId(), t.amountMinor() + 1, r.currency());
      case 4 -> with(r, r.debitAccountId(), r.creditAccountId(), r.amountMinor(), otherCurrency);
      case 5 -> r.kind() != TransferKind.PENDING ? r.withMetadata(Map.of("x", "y"))
          : new TransferRequest(r.id(), r.kind(), r.debitAccountId(), r.creditAccountId(),
              r.amountMinor(), r.currency(), null, r.timeout() == null ? LONG : null, r.code(),
              r.reference(), r.metadata());
      case 6 -> new TransferRequest(r.id(), r.kind(), r.debitAccountId(), r.creditAccountId(),
          r.amountMinor(), r.currency(), r.pendingId(), r.timeout(), "fuzz-other", r.reference(),
          r.metadata());
      case 7 -> new TransferRequest(r.id(), r.kind(), r.debitAccountId(), r.creditAccountId(),
          r.amountMinor(), r.currency(), r.pendingId(), r.timeout(), r.code(), "other-ref",
          r.metadata());
      default -> r.withMetadata(Map.of("x", "y"));
    };
  }

  private static TransferRequest with(TransferRequest r, long debit, long credit, long amount,
      Currency currency) {
    return new TransferRequest(r.id(), r.kind(), debit, credit, amount, currency, r.pendingId(),
        r.timeout(), r.code(), r.reference(), r.metadata());
  }

  private String reference() {
    return rnd.nextInt(3) == 0 ? "ref-" + rnd.nextInt(1000) : null;
  }

  private Map<String, String> metadata() {
    return rnd.nextInt(4) == 0 ? Map.of("n", Integer.toString(rnd.nextInt(100))) : Map.of();
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private long otherThan(List<Long> ids, long... not) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      long id = pick(ids);
      if (java.util.Arrays.stream(not).noneMatch(n -> n == id)) {
        return id;
      }
    }
    throw new IllegalStateException("no other account");
  }

  private static String[] menu(Object... labelsAndWeights) {
    List<String> menu = new ArrayList<>();
    for (int i = 0; i < labelsAndWeights.length; i += 2) {
      for (int w = 0; w < (Integer) labelsAndWeights[i + 1]; w++) {
        menu.add((String) labelsAndWeights[i]);
      }
    }
    return menu.toArray(String[]::new);
  }

  // ---------------------------------------------------------------- expectations

  /** Settlements per hold and the holds created this round, to reason about races. */
  private record RoundIndex(Map<UUID, List<TransferRequest>> settlementsByHold,
      Map<UUID, TransferRequest> newHolds) {
  }

  /**
   * Works out which codes each request may get in any arrival order. Balance decisions use two
   * bounds per account: the least it can hold during the round (its available balance now, less
   * every debit the round might make) and the most (plus every credit and release the round might
   * make). Above the most it is refused; within the least it is accepted; between, either.
   */
  private void plan(List<Op> ops) {
    RoundIndex index = index(ops);
    Map<TransferRequest, Set<TransferResultCode>> fixed = new IdentityHashMap<>();
    for (Op op : ops) {
      op.requests.forEach(r -> fixed.put(r, staticCodes(r, index)));
    }
    Map<Long, Long> debits = new HashMap<>();
    Map<Long, Long> credits = new HashMap<>();
    Set<TransferRequest> counted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Op> failingLists = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Op op : ops) {
      boolean listFails = op.mode == Mode.LINKED && java.util.stream.IntStream
          .range(0, op.requests.size())
          .anyMatch(i -> op.overdraw[i] || !maySucceed(fixed.get(op.requests.get(i))));
      if (listFails) {
        failingLists.add(op);
        continue; // undone before any other transfer sees it
      }
      for (int i = 0; i < op.requests.size(); i++) {
        TransferRequest r = op.requests.get(i);
        if (!op.overdraw[i] && mayApply(fixed.get(r))) {
          counted.add(r);
          contribute(r, index, op.mode == Mode.COPIES ? op.copies : 1, debits, credits);
        }
      }
    }
    for (Op op : ops) {
      // Members of a list that fails still see each other's effects until the list is undone.
      Map<Long, Long> opDebits = debits;
      Map<Long, Long> opCredits = credits;
      if (failingLists.contains(op)) {
        opDebits = new HashMap<>(debits);
        opCredits = new HashMap<>(credits);
        for (int i = 0; i < op.requests.size(); i++) {
          TransferRequest r = op.requests.get(i);
          if (!op.overdraw[i] && mayApply(fixed.get(r))) {
            counted.add(r);
            contribute(r, index, 1, opDebits, opCredits);
          }
        }
      }
      for (int i = 0; i < op.requests.size(); i++) {
        TransferRequest r = op.requests.get(i);
        if (op.overdraw[i]) {
          long most = most(r.debitAccountId(), opCredits);
          r = with(r, r.debitAccountId(), r.creditAccountId(), most + 1 + rnd.nextInt(1000),
              r.currency());
          op.requests.set(i, r);
          fixed.put(r, staticCodes(r, index));
        }
        Set<TransferResultCode> codes = fixed.get(r);
        op.allowed.add(codes != null ? codes
            : balanceCodes(r, counted.contains(r), opDebits, opCredits));
      }
      if (op.mode == Mode.COPIES) {
        assertThat(op.allowed.getFirst()).as("duplicates are of transfers that must succeed")
            .containsExactly(OK);
      }
    }
  }

  private RoundIndex index(List<Op> ops) {
    Map<UUID, List<TransferRequest>> settlements = new HashMap<>();
    Map<UUID, TransferRequest> newHolds = new HashMap<>();
    for (Op op : ops) {
      for (TransferRequest r : op.requests) {
        if (r.kind().resolvesPending() && !model.stored.containsKey(r.id())) {
          settlements.computeIfAbsent(r.pendingId(), k -> new ArrayList<>()).add(r);
        }
        if (r.kind() == TransferKind.PENDING && !model.stored.containsKey(r.id())) {
          newHolds.put(r.id(), r);
        }
      }
    }
    return new RoundIndex(settlements, newHolds);
  }

  /** Whether the request may change balances: it may be applied as new. */
  private static boolean mayApply(Set<TransferResultCode> codes) {
    return codes == null || codes.contains(OK);
  }

  private static boolean maySucceed(Set<TransferResultCode> codes) {
    return codes == null || codes.contains(OK) || codes.contains(EXISTS);
  }

  /** What the request may do to the bounds, if it succeeds, {@code times} times. */
  private void contribute(TransferRequest r, RoundIndex index, int times, Map<Long, Long> debits,
      Map<Long, Long> credits) {
    if (!r.kind().resolvesPending()) {
      long amount = Math.multiplyExact(r.amountMinor(), times);
      debits.merge(r.debitAccountId(), amount, Math::addExact);
      if (r.kind() == TransferKind.POSTED) {
        credits.merge(r.creditAccountId(), amount, Math::addExact);
      }
      return;
    }
    Transfer hold = holdOf(r.pendingId(), index);
    if (hold == null) {
      return;
    }
    credits.merge(hold.debitAccountId(), hold.amountMinor(), Math::addExact);
    if (r.kind() == TransferKind.POST_PENDING) {
      long posted = r.amountMinor() == 0 ? hold.amountMinor() : r.amountMinor();
      credits.merge(hold.creditAccountId(), posted, Math::addExact);
    }
  }

  private Transfer holdOf(UUID pendingId, RoundIndex index) {
    Hold h = model.holds.get(pendingId);
    if (h != null) {
      return h.pending;
    }
    TransferRequest p = index.newHolds().get(pendingId);
    return p == null ? null : new Transfer(p.id(), 0, p.kind(), p.debitAccountId(),
        p.creditAccountId(), p.amountMinor(), p.currency(), null, null, p.code(), p.reference(),
        p.metadata(), null);
  }

  private long most(long accountId, Map<Long, Long> credits) {
    return Math.addExact(model.acct(accountId).available(), credits.getOrDefault(accountId, 0L));
  }

  private Set<TransferResultCode> balanceCodes(TransferRequest r, boolean counted,
      Map<Long, Long> debits, Map<Long, Long> credits) {
    long account = r.debitAccountId();
    long othersDebits = debits.getOrDefault(account, 0L) - (counted ? r.amountMinor() : 0);
    long least = model.acct(account).available() - othersDebits;
    if (r.amountMinor() > most(account, credits)) {
      return EnumSet.of(EXCEEDS_AVAILABLE_BALANCE);
    }
    return r.amountMinor() <= least ? EnumSet.of(OK) : EnumSet.of(OK, EXCEEDS_AVAILABLE_BALANCE);
  }

  /**
   * The codes a request may get whatever the balances; null when only the debit account's
   * available balance decides.
   */
  private Set<TransferResultCode> staticCodes(TransferRequest r, RoundIndex index) {
    TransferResultCode shape = LedgerModel.shape(r);
    if (shape != OK) {
      return EnumSet.of(shape);
    }
    Transfer existing = model.stored.get(r.id());
    if (existing != null) {
      return EnumSet.of(LedgerModel.compare(r, existing));
    }
    return r.kind().resolvesPending() ? settlementCodes(r, index) : directCodes(r);
  }

  private Set<TransferResultCode> directCodes(TransferRequest r) {
    Acct debit = model.acct(r.debitAccountId());
    Acct credit = model.acct(r.creditAccountId());
    if (debit == null) {
      return EnumSet.of(DEBIT_ACCOUNT_NOT_FOUND);
    }
    if (credit == null) {
      return EnumSet.of(CREDIT_ACCOUNT_NOT_FOUND);
    }
    if (!debit.currency.equals(credit.currency) || !debit.currency.equals(r.currency())) {
      return EnumSet.of(CURRENCY_MISMATCH);
    }
    if (debit.status == AccountStatus.CLOSED) {
      return EnumSet.of(DEBIT_ACCOUNT_CLOSED);
    }
    if (credit.status == AccountStatus.CLOSED) {
      return EnumSet.of(CREDIT_ACCOUNT_CLOSED);
    }
    if (debit.status == AccountStatus.FROZEN) {
      return EnumSet.of(DEBIT_ACCOUNT_FROZEN);
    }
    // Posted columns only grow during a round, so an overflow now is an overflow in any order.
    if (r.kind() == TransferKind.POSTED && (overflows(debit.debitsPosted, r.amountMinor())
        || overflows(credit.creditsPosted, r.amountMinor()))) {
      return EnumSet.of(AMOUNT_OVERFLOW);
    }
    return debit.mayGoNegative ? EnumSet.of(OK) : null;
  }

  private static boolean overflows(long a, long b) {
    return a > Long.MAX_VALUE - b;
  }

  private Set<TransferResultCode> settlementCodes(TransferRequest r, RoundIndex index) {
    Hold h = model.holds.get(r.pendingId());
    if (h == null) {
      TransferRequest p = index.newHolds().get(r.pendingId());
      Set<TransferResultCode> codes = EnumSet.of(PENDING_NOT_FOUND);
      if (p != null && maySucceed(staticCodes(p, index))) {
        codes.add(LedgerModel.checkSettlement(r, holdOf(p.id(), index), false));
        if (p.timeout() != null && p.timeout().compareTo(LedgerModel.TINY_TIMEOUT_MAX) < 0) {
          codes.add(PENDING_EXPIRED);
        }
      }
      return codes;
    }
    if (h.state != HoldState.OPEN) {
      return EnumSet.of(LedgerModel.settledCode(h.state));
    }
    // Tiny holds are all expired between rounds, so an open one here is never due.
    Set<TransferResultCode> codes = EnumSet.of(LedgerModel.checkSettlement(r, h.pending, h.tiny));
    for (TransferRequest rival : index.settlementsByHold().get(h.pending.id())) {
      if (rival != r && LedgerModel.shape(rival) == OK
          && LedgerModel.checkSettlement(rival, h.pending, h.tiny) == OK) {
        codes.add(LedgerModel.winnerCode(rival.kind()));
      }
    }
    return codes;
  }

  // ---------------------------------------------------------------- checks

  /** Checks each result against its expectation, then feeds the model and checks the rows. */
  private Map<TransferResultCode, Integer> checkResults(List<Op> ops) {
    Map<TransferResultCode, Integer> roundCodes = new EnumMap<>(TransferResultCode.class);
    for (Op op : ops) {
      checkCodes(op);
      for (int i = 0; i < op.results.size(); i++) {
        roundCodes.merge(op.results.get(i).code(), 1, Integer::sum);
        codeCounts.merge(op.results.get(i).code(), 1, Integer::sum);
        if (op.allowed.get(op.mode == Mode.COPIES ? 0 : i).size() == 1) {
          exactPredictions++;
        }
      }
    }
    // Holds first, so that a hold created this round exists when its settlement is applied.
    for (boolean settlements : new boolean[] {false, true}) {
      for (Op op : ops) {
        for (int i = 0; i < op.results.size(); i++) {
          TransferRequest r = op.request(i);
          TransferResult result = op.results.get(i);
          if (result.code() == OK && r.kind().resolvesPending() == settlements) {
            model.applyOk(r, result.transfer());
          }
        }
      }
    }
    Set<UUID> mustMatch = new HashSet<>();
    Set<UUID> mustBeAbsent = new HashSet<>();
    for (Op op : ops) {
      for (int i = 0; i < op.results.size(); i++) {
        TransferRequest r = op.request(i);
        TransferResult result = op.results.get(i);
        assertThat(result.id()).isEqualTo(r.id());
        if (result.code() == EXISTS) {
          assertThat(result.transfer()).as("EXISTS returns the first transfer of %s", r.id())
              .isEqualTo(model.stored.get(r.id()));
        } else if (result.code() != OK) {
          assertThat(result.transfer()).as("a rejected transfer carries none").isNull();
        }
        if (model.stored.containsKey(r.id())) {
          mustMatch.add(r.id());
        } else {
          mustBeAbsent.add(r.id());
          rememberRejected(r);
        }
      }
    }
    Map<UUID, Transfer> rows = loadTransfers(union(mustMatch, mustBeAbsent));
    assertThat(rows.keySet()).as("rejected transfers are not stored")
        .doesNotContainAnyElementsOf(mustBeAbsent);
    for (UUID id : mustMatch) {
      assertThat(rows.get(id)).as("stored transfer %s is what the ledger returned first", id)
          .isEqualTo(model.stored.get(id));
    }
    return roundCodes;
  }

  private void checkCodes(Op op) {
    List<TransferResultCode> codes = op.results.stream().map(TransferResult::code).toList();
    String what = op.label + " " + op.requests + " got " + codes + ", allowed " + op.allowed;
    switch (op.mode) {
      case SINGLE -> {
        for (int i = 0; i < codes.size(); i++) {
          assertThat(op.allowed.get(i)).as(what).contains(codes.get(i));
        }
        if (op.label.equals("hold-and-settle") && codes.getFirst() != OK) {
          assertThat(codes.get(1)).as("a hold that was refused cannot be settled: " + what)
              .isEqualTo(PENDING_NOT_FOUND);
        }
      }
      case COPIES -> {
        assertThat(codes.stream().filter(c -> c == OK).count()).as(what).isEqualTo(1);
        assertThat(codes.stream().filter(c -> c == EXISTS).count()).as(what)
            .isEqualTo(op.copies - 1);
      }
      case LINKED -> checkLinked(op, codes, what);
    }
  }

  /** All succeed, or exactly one fails with its own code and the others are LINKED_EVENT_FAILED. */
  private static void checkLinked(Op op, List<TransferResultCode> codes, String what) {
    int firstSureFailure = -1;
    for (int i = op.allowed.size() - 1; i >= 0; i--) {
      if (!maySucceed(op.allowed.get(i))) {
        firstSureFailure = i;
      }
    }
    List<Integer> failing = new ArrayList<>();
    for (int i = 0; i < codes.size(); i++) {
      if (codes.get(i) != LINKED_EVENT_FAILED) {
        failing.add(i);
      }
    }
    if (failing.size() == codes.size()) {
      assertThat(firstSureFailure).as("a list with a member that must fail fails: " + what)
          .isEqualTo(-1);
      for (int i = 0; i < codes.size(); i++) {
        assertThat(SUCCESS).as(what).contains(codes.get(i));
        assertThat(op.allowed.get(i)).as(what).contains(codes.get(i));
      }
      return;
    }
    assertThat(failing).as("exactly one member names the failure: " + what).hasSize(1);
    int f = failing.getFirst();
    assertThat(SUCCESS).as(what).doesNotContain(codes.get(f));
    assertThat(op.allowed.get(f)).as(what).contains(codes.get(f));
    if (firstSureFailure >= 0) {
      assertThat(f).as("fails at or before the member that must fail: " + what)
          .isLessThanOrEqualTo(firstSureFailure);
    }
    op.results.forEach(r -> assertThat(r.transfer()).as(what).isNull());
  }

  private void rememberRejected(TransferRequest r) {
    if (rejectedPool.size() >= REJECTED_POOL_MAX) {
      rejectedPool.remove(rnd.nextInt(rejectedPool.size()));
    }
    rejectedPool.add(r);
  }

  private Map<UUID, Transfer> loadTransfers(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("""
            select id, seq, kind, debit_account_id, credit_account_id, amount, currency,
                   pending_id, timeout_at, code, reference, metadata::text as metadata, created_at
              from ledger.transfers
             where id in (:ids)
            """)
        .param("ids", List.copyOf(ids))
        .query((rs, n) -> TransferRows.transfer(rs, metadataCodec)).list().stream()
        .collect(Collectors.toMap(Transfer::id, Function.identity()));
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Settles every tiny hold the model still sees open: runs the janitor, then submits the
   * janitor's own expiry for each (OK if this test expired it, EXISTS if a janitor did), until
   * the hold is due. Afterwards no hold of this test can change without the test knowing.
   */
  private int expireTinyHolds() {
    janitor.expireDue();
    List<Hold> due = model.holds.values().stream()
        .filter(h -> h.state == HoldState.OPEN && h.tiny).toList();
    Instant deadline = Instant.now().plus(EXPIRY_WAIT_MAX);
    List<Hold> left = due;
    while (!left.isEmpty()) {
      assertThat(Instant.now()).as("tiny holds expire in time").isBefore(deadline);
      Map<Hold, CompletableFuture<List<TransferResult>>> futures = new LinkedHashMap<>();
      left.forEach(h -> futures.put(h,
          writer.submit(List.of(PendingExpiryJanitor.expire(h.pending.id())), false)));
      List<Hold> notYet = new ArrayList<>();
      futures.forEach((h, future) -> {
        TransferResult result = future.join().getFirst();
        if (result.code() == PENDING_NOT_YET_EXPIRED) {
          notYet.add(h);
          return;
        }
        assertThat(result.code()).as("expiring hold %s", h.pending.id()).isIn(OK, EXISTS);
        model.applyOk(PendingExpiryJanitor.expire(h.pending.id()), result.transfer());
      });
      left = notYet;
    }
    return due.size();
  }

  private void toggleFreeze() {
    for (Pool p : pools) {
      Acct a = model.acct(p.toggled);
      Account after = a.status == AccountStatus.ACTIVE ? ledger.freeze(a.id) : ledger.unfreeze(a.id);
      assertThat(after.status()).isNotEqualTo(a.status);
      a.status = after.status();
    }
  }

  /**
   * Checks the ledger against the model. The global invariant check reads the whole database,
   * which other tests and earlier runs keep filling; when one check costs so much that a check
   * per round would break {@link #GLOBAL_CHECKS_BUDGET}, it runs every few rounds (and always in
   * the last), while this test's own accounts are still checked every round, against the model
   * and against the sum of their stored transfers.
   */
  private String checkLedgerMatchesModel(boolean global, boolean calibrating) {
    String checked = "accounts checked";
    if (global) {
      long startNanos = System.nanoTime();
      InvariantReport report = ledger.checkInvariants();
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      assertThat(report.holds()).as("ledger invariants: %s", report).isTrue();
      if (calibrating) {
        // Calibrated on the first two checks (the first may be cold), then fixed.
        calibrationNanos = Math.min(calibrationNanos, took.toNanos());
        globalCheckEvery = (int) Math.min(ROUNDS,
            1 + calibrationNanos * ROUNDS / GLOBAL_CHECKS_BUDGET.toNanos());
        System.out.printf("global invariant check of %d transfers took %d ms: every %d "
            + "round(s)%n", report.transfersChecked(), took.toMillis(), globalCheckEvery);
      }
      checked = "invariants hold over " + report.transfersChecked() + " transfers";
    }
    Map<Long, long[]> fromTransfers = balancesFromTransfers();
    for (Acct expected : model.accounts.values()) {
      Account actual = ledger.account(expected.id).orElseThrow();
      assertThat(Acct.columns(actual)).as("account %d (dp/cp/dpe/cpe/status)", expected.id)
          .isEqualTo(expected.columns());
      long[] sums = fromTransfers.getOrDefault(expected.id, new long[4]);
      assertThat(sums).as("account %d: balances = sum of its transfers", expected.id)
          .containsExactly(expected.debitsPosted, expected.creditsPosted,
              expected.debitsPending, expected.creditsPending);
      if (!actual.mayGoNegative()) {
        assertThat(actual.availableMinor()).as("available of account %d", expected.id)
            .isNotNegative();
      }
    }
    return checked;
  }

  /**
   * This test's accounts' balance columns recomputed from their stored transfers: a settlement
   * removes the held amount (the hold's) from both pending columns.
   */
  private Map<Long, long[]> balancesFromTransfers() {
    Map<Long, long[]> sums = new HashMap<>();
    jdbc.sql("""
            select t.debit_account_id as account_id, t.credit_account_id as other_id, t.kind,
                   t.amount, p.amount as held
              from ledger.transfers t left join ledger.transfers p on p.id = t.pending_id
             where t.debit_account_id in (:ids) or t.credit_account_id in (:ids)
            """)
        .param("ids", List.copyOf(model.accounts.keySet()))
        .query(rs -> {
          TransferKind kind = TransferKind.fromDb(rs.getString("kind"));
          long amount = rs.getLong("amount");
          long posted = kind == TransferKind.POSTED || kind == TransferKind.POST_PENDING
              ? amount : 0;
          long pending = kind == TransferKind.PENDING ? amount
              : kind.resolvesPending() ? -rs.getLong("held") : 0;
          long[] debit = sums.computeIfAbsent(rs.getLong("account_id"), k -> new long[4]);
          debit[0] += posted;
          debit[2] += pending;
          long[] credit = sums.computeIfAbsent(rs.getLong("other_id"), k -> new long[4]);
          credit[1] += posted;
          credit[3] += pending;
        });
    return sums;
  }

  /** Every code the generator aims at was seen: a test that never overdraws proves nothing. */
  private void assertCoverage() {
    Set<TransferResultCode> expected = EnumSet.allOf(TransferResultCode.class);
    expected.removeAll(NOT_GENERATED);
    assertThat(codeCounts.keySet()).as("codes seen").containsAll(expected);
    assertThat(expiriesTotal).as("holds expired").isPositive();
    assertThat(requestsTotal).isGreaterThanOrEqualTo((long) ROUNDS * REQUESTS_PER_ROUND_MIN);
  }
}
