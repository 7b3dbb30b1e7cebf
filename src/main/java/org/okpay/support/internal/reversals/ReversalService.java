package org.okpay.support.internal.reversals;

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
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.identity.Role;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.PaymentsStaffApi;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.okpay.support.ReversalsApi;
import org.okpay.support.ReversalsApi.ReversalStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reversal requests: checks in one fixed order (each refusal changes nothing), then the request
 * and its audit entry in one local transaction, then — at once below the threshold, after a
 * second person's approval above it — the money through the payments engine.
 *
 * <p>The order of the checks, for a request: staff, idempotency key, fields
 * ({@code validation_failed}), key replay ({@code idempotency_key_reused}),
 * {@code transaction_not_found}, {@code not_reversible}, {@code reversal_exists},
 * {@code reversal_recipient_frozen}, {@code reversal_insufficient_funds}. For an approval:
 * staff, fields, {@code reversal_not_found}, {@code reversal_own_approval},
 * {@code reversal_not_pending}, then the transaction's checks from {@code not_reversible} on.
 */
@Service
class ReversalService implements ReversalsApi {

  private static final Logger log = LoggerFactory.getLogger(ReversalService.class);
  static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
  private static final int RESUME_BATCH_MAX = 100;

  private final ReversalStore store;
  private final ReversalAudit audit;
  private final ReversalProperties properties;
  private final PaymentsStaffApi transactions;
  private final PaymentsApi payments;
  private final IdentityApi identity;
  private final TransactionTemplate tx;
  private final Clock clock;

  ReversalService(ReversalStore store, ReversalAudit audit, ReversalProperties properties,
      PaymentsStaffApi transactions, PaymentsApi payments, IdentityApi identity,
      TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.properties = properties;
    this.transactions = transactions;
    this.payments = payments;
    this.identity = identity;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public Candidate candidate(UUID transactionId) {
    if (transactionId == null) {
      throw FieldErrors.invalid("transactionId", FieldErrors.REQUIRED);
    }
    PaymentTransaction t = transactions.transactionById(transactionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND,
            Map.of("field", "transactionId")));
    requireReversible(t);
    store.liveFor(transactionId).ifPresent(live -> {
      throw new OkPayException(ErrorCode.REVERSAL_EXISTS, Map.of("reversalId",
          live.id().toString(), "status", live.status().key()));
    });
    Contact payer = contact(t.userId());
    Contact recipient = contact(t.counterpartyUserId());
    Money amount = new Money(t.amountMinor(), t.currency());
    long threshold = properties.thresholdMinor(t.currency());
    return new Candidate(t.id(), t.operation(), amount, payer.userId(), payer.email(),
        recipient.userId(), recipient.email(), t.createdAt(), t.amountMinor() > threshold,
        new Money(threshold, t.currency()));
  }

  /** Only a completed payment between two users goes back (see docs/support-reversals.md). */
  private static void requireReversible(PaymentTransaction t) {
    if (!Operation.P2P.key().equals(t.operation()) || t.state() != TransactionState.COMPLETED
        || t.counterpartyUserId() == null) {
      throw new OkPayException(ErrorCode.NOT_REVERSIBLE, Map.of("operation", t.operation(),
          "state", t.state().key()));
    }
  }

  /** The recipient can give the money back now: not frozen, and the balance covers it. */
  private void requireRecipientCanPay(Candidate c) {
    Optional<PaymentsApi.Balance> balance = payments.balances(c.recipientUserId()).stream()
        .filter(b -> b.currency().equals(c.amount().currency())).findFirst();
    if (identity.frozen(c.recipientUserId()) || balance.map(PaymentsApi.Balance::frozen)
        .orElse(false)) {
      throw new OkPayException(ErrorCode.REVERSAL_RECIPIENT_FROZEN);
    }
    long available = balance.map(b -> b.available().amountMinor()).orElse(0L);
    if (available < c.amount().amountMinor()) {
      throw new OkPayException(ErrorCode.REVERSAL_INSUFFICIENT_FUNDS, Map.of(
          "available", new Money(available, c.amount().currency()).toString(),
          "required", c.amount().toString()));
    }
  }

  @Override
  public Created request(CurrentUser staff, String idempotencyKey, UUID transactionId,
      String reason) {
    requireStaff(staff);
    String key = requireKey(idempotencyKey);
    FieldErrors errors = new FieldErrors();
    if (transactionId == null) {
      errors.add("transactionId", FieldErrors.REQUIRED);
    }
    String why = reason(reason, "reason", errors);
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    String hash = hash(transactionId, why);
    Optional<ReversalStore.Row> earlier = store.byKey(staff.userId(), key);
    if (earlier.isPresent()) {
      return replay(earlier.get(), hash);
    }
    Candidate c = candidate(transactionId);
    requireRecipientCanPay(c);
    // From here the request is recorded (or, racing the same key, replayed).
    UUID id = UUID.randomUUID();
    ReversalStatus status = c.secondApprovalNeeded() ? ReversalStatus.PENDING_APPROVAL
        : ReversalStatus.APPROVED;
    Instant now = clock.instant();
    boolean inserted;
    try {
      inserted = Boolean.TRUE.equals(tx.execute(s -> {
        if (!store.insert(new ReversalStore.NewRow(id, transactionId, c.payerUserId(), c.payer(),
            c.recipientUserId(), c.recipient(), c.amount().amountMinor(), c.amount().currency(),
            staff.userId(), staff.email(), why, c.secondApprovalNeeded(), status, key, hash,
            now))) {
          return false;
        }
        audit.staff("support.reversal_requested", staff, store.byId(id).orElseThrow(), why);
        return true;
      }));
    } catch (DuplicateKeyException raced) {
      // Another request for the same transaction was recorded between our look and our insert.
      ReversalStore.Row live = store.liveFor(transactionId).orElseThrow(() -> raced);
      throw new OkPayException(ErrorCode.REVERSAL_EXISTS, Map.of("reversalId",
          live.id().toString(), "status", live.status().key()));
    }
    if (!inserted) {
      return replay(store.byKey(staff.userId(), key).orElseThrow(), hash);
    }
    if (status == ReversalStatus.APPROVED) {
      carryOut(id);
    }
    return new Created(view(id), false);
  }

  private Created replay(ReversalStore.Row earlier, String hash) {
    if (!earlier.requestHash().equals(hash)) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("reversalId", earlier.id().toString()));
    }
    return new Created(earlier.view(), true);
  }

  @Override
  public List<Reversal> list(ReversalStatus status, int limit) {
    return store.list(status, Math.clamp(limit, 1, LIST_MAX)).stream()
        .map(ReversalStore.Row::view).toList();
  }

  @Override
  public Optional<Reversal> reversal(UUID id) {
    return id == null ? Optional.empty() : store.byId(id).map(ReversalStore.Row::view);
  }

  @Override
  public Reversal approve(CurrentUser staff, UUID id, String reason) {
    requireStaff(staff);
    String why = requiredReason(reason);
    ReversalStore.Row row = pending(staff, id, true);
    Candidate c = candidate(row);
    requireRecipientCanPay(c);
    Instant now = clock.instant();
    Boolean approved = tx.execute(s -> {
      if (!store.approve(id, staff.userId(), staff.email(), why, now)) {
        return false;
      }
      audit.staff("support.reversal_approved", staff, store.byId(id).orElseThrow(), why);
      return true;
    });
    if (!Boolean.TRUE.equals(approved)) {
      // Another staff member decided it between our look and our move.
      throw notPending(store.byId(id).orElseThrow());
    }
    carryOut(id);
    return view(id);
  }

  @Override
  public Reversal reject(CurrentUser staff, UUID id, String reason) {
    requireStaff(staff);
    String why = requiredReason(reason);
    pending(staff, id, false);
    Instant now = clock.instant();
    Boolean rejected = tx.execute(s -> {
      if (!store.reject(id, staff.userId(), staff.email(), why, now)) {
        return false;
      }
      audit.staff("support.reversal_rejected", staff, store.byId(id).orElseThrow(), why);
      return true;
    });
    if (!Boolean.TRUE.equals(rejected)) {
      throw notPending(store.byId(id).orElseThrow());
    }
    return view(id);
  }

  /** The request, waiting for a decision; for an approval, asked by someone else. */
  private ReversalStore.Row pending(CurrentUser staff, UUID id, boolean approving) {
    ReversalStore.Row row = (id == null ? Optional.<ReversalStore.Row>empty() : store.byId(id))
        .orElseThrow(() -> new OkPayException(ErrorCode.REVERSAL_NOT_FOUND));
    if (approving && row.view().requestedBy().equals(staff.userId())) {
      throw new OkPayException(ErrorCode.REVERSAL_OWN_APPROVAL);
    }
    if (row.status() != ReversalStatus.PENDING_APPROVAL) {
      throw notPending(row);
    }
    return row;
  }

  /** The transaction's checks again at approval: it may have changed since the request. */
  private Candidate candidate(ReversalStore.Row row) {
    PaymentTransaction t = transactions.transactionById(row.view().transactionId())
        .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
    requireReversible(t);
    return new Candidate(t.id(), t.operation(), row.view().amount(), row.view().payerUserId(),
        row.view().payer(), row.view().recipientUserId(), row.view().recipient(),
        t.createdAt(), row.view().secondApprovalRequired(),
        new Money(properties.thresholdMinor(t.currency()), t.currency()));
  }

  private static OkPayException notPending(ReversalStore.Row row) {
    return new OkPayException(ErrorCode.REVERSAL_NOT_PENDING,
        Map.of("status", row.status().key()));
  }

  /**
   * Moves the money of an approved request through the payments engine, as the recipient's
   * transaction under the key derived from the request (a second try is the same transaction).
   * The engine's completion marks the request executed in its own local transaction; a refusal
   * or a failed transaction marks it failed (nothing moved) and answers with the code.
   */
  void carryOut(UUID id) {
    ReversalStore.Row row = store.byId(id).orElseThrow();
    if (row.status() != ReversalStatus.APPROVED) {
      return;
    }
    CurrentUser recipient = identity.contact(row.view().recipientUserId())
        .map(c -> new CurrentUser(c.userId(), c.email(), c.displayName(), Role.CUSTOMER,
            c.language(), c.emailVerified(), null))
        .orElse(null);
    if (recipient == null) {
      fail(row, null, ErrorCode.USER_NOT_FOUND.code());
      throw new OkPayException(ErrorCode.REVERSAL_FAILED, Map.of("failure",
          ErrorCode.USER_NOT_FOUND.code()));
    }
    PaymentsApi.Executed done;
    try {
      done = payments.execute(recipient, ReversalType.engineKey(id), new ReversalRequest(id),
          null);
    } catch (OkPayException refused) {
      ErrorCode code = switch (refused.errorCode()) {
        case INSUFFICIENT_FUNDS -> ErrorCode.REVERSAL_INSUFFICIENT_FUNDS;
        case ACCOUNT_FROZEN -> ErrorCode.REVERSAL_RECIPIENT_FROZEN;
        default -> refused.errorCode();
      };
      fail(row, null, code.code());
      throw new OkPayException(code, refused.properties());
    }
    if (done.transaction().state() == TransactionState.FAILED) {
      String code = done.transaction().failure() == null ? ErrorCode.REVERSAL_FAILED.code()
          : done.transaction().failure().code();
      fail(row, done.transaction().id(), code);
      throw new OkPayException(ErrorCode.REVERSAL_FAILED, Map.of("failure", code,
          "reversalId", id.toString()));
    }
  }

  private void fail(ReversalStore.Row row, UUID reversalTransactionId, String code) {
    tx.executeWithoutResult(s -> {
      if (store.failed(row.id(), reversalTransactionId, code, clock.instant())) {
        audit.system("support.reversal_failed", store.byId(row.id()).orElseThrow());
      }
    });
  }

  /**
   * Carries out approved requests a stopped process left behind (approved, money not moved):
   * the engine's key makes a request that did move replay instead of moving twice.
   */
  @Scheduled(initialDelayString = "${okpay.support.reversals.resume-interval:PT1M}",
      fixedDelayString = "${okpay.support.reversals.resume-interval:PT1M}")
  @SchedulerLock(name = "support.ReversalService.resume", lockAtMostFor = "PT10M")
  void resume() {
    for (UUID id : store.approvedBefore(clock.instant().minus(properties.resumeAfter()),
        RESUME_BATCH_MAX)) {
      try {
        carryOut(id);
      } catch (OkPayException refused) {
        log.info("reversal {} not carried out: {}", id, refused.errorCode().code());
      } catch (RuntimeException e) {
        log.warn("reversal {} could not be carried out; the next run tries again", id, e);
      }
    }
  }

  private Reversal view(UUID id) {
    return store.byId(id).orElseThrow().view();
  }

  private Contact contact(UUID userId) {
    return identity.contact(userId).orElseThrow(() ->
        new OkPayException(ErrorCode.NOT_REVERSIBLE, Map.of("detail", "user gone")));
  }

  private static void requireStaff(CurrentUser staff) {
    if (staff == null || staff.role() == null || !staff.role().staff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
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

  private static String requiredReason(String reason) {
    FieldErrors errors = new FieldErrors();
    String why = reason(reason, "reason", errors);
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return why;
  }

  private static String reason(String reason, String field, FieldErrors errors) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      errors.add(field, FieldErrors.REQUIRED);
    } else if (why.length() > REASON_LENGTH_MAX) {
      errors.add(field, FieldErrors.TOO_LONG);
    }
    return why;
  }

  /** The request's fingerprint: versioned canonical text, not a record's toString. */
  private static String hash(UUID transactionId, String reason) {
    String canonical = "v1\ntransactionId=" + transactionId + "\nreason=" + reason;
    try {
      return "v1:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
