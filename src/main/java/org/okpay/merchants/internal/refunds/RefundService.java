package org.okpay.merchants.internal.refunds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.RefundsApi;
import org.okpay.merchants.internal.MerchantsAudit;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds: reserve on the payment and record (one database transaction), then move the money
 * through the payments engine when the merchant's balance covers it; otherwise wait, pending,
 * until {@code pendingUntil} (7 days) and fail as {@code deadline_passed}.
 */
@Service
class RefundService implements RefundsApi {

  private static final Logger log = LoggerFactory.getLogger(RefundService.class);
  static final int REFERENCE_LENGTH_MAX = 100;
  private static final int LOCKS = 64;

  private final RefundStore refunds;
  private final RefundCompletion completion;
  private final PaymentsApi payments;
  private final LedgerApi ledger;
  private final IdentityApi identity;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration pendingFor;
  private final ReentrantLock[] merchantLocks = new ReentrantLock[LOCKS];
  private final MerchantsAudit audit;

  RefundService(RefundStore refunds, RefundCompletion completion, PaymentsApi payments,
      LedgerApi ledger, IdentityApi identity, TransactionTemplate tx, Clock clock,
      @Value("${okpay.merchants.refunds.pending-for:P7D}") Duration pendingFor,
      MerchantsAudit audit) {
    this.audit = audit;
    this.refunds = refunds;
    this.completion = completion;
    this.payments = payments;
    this.ledger = ledger;
    this.identity = identity;
    this.tx = tx;
    this.clock = clock;
    this.pendingFor = pendingFor;
    for (int i = 0; i < LOCKS; i++) {
      merchantLocks[i] = new ReentrantLock();
    }
  }

  @Override
  public Created create(MerchantCaller caller, NewRefund request) {
    caller.require(ApiResource.REFUNDS, Access.WRITE);
    NewRefund r = checked(request);
    Optional<RefundStore.Row> earlier = refunds.byReference(caller.merchantId(),
        r.merchantRefundReference());
    if (earlier.isPresent()) {
      return replay(earlier.get(), r);
    }
    RefundStore.Payment p = refunds.payment(caller.merchantId(), r.paymentId())
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND,
            Map.of("field", "paymentId")));
    Optional<RefundStore.Row> made = record(p, r.amountMinor(), r.reason(),
        r.merchantRefundReference(), null, caller);
    if (made.isEmpty()) {
      // Lost the race for the reference to the same request: that one's refund is the answer.
      return replay(refunds.byReference(caller.merchantId(), r.merchantRefundReference())
          .orElseThrow(), r);
    }
    attempt(made.get().id());
    return new Created(refunds.byId(made.get().id()).orElseThrow().view(), false);
  }

  /**
   * Reserves the amount on the payment, checks the count and records the refund, all or none;
   * empty when the reference (or the request) already has a refund. {@code amountMinor} null
   * is everything still refundable.
   */
  Optional<RefundStore.Row> record(RefundStore.Payment p, Long amountMinor, String reason,
      String reference, UUID requestId, MerchantCaller caller) {
    UUID createdBy = caller.userId();
    if (!"succeeded".equals(p.status())) {
      throw new OkPayException(ErrorCode.REFUND_PAYMENT_NOT_REFUNDABLE);
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Optional<RefundStore.Row> row = tx.execute(s -> {
      long amount = amountMinor != null ? amountMinor
          : refunds.payment(p.merchantId(), p.id()).map(x -> x.amountMinor() - x.refundedMinor())
              .orElse(0L);
      if (amount <= 0 || !refunds.reserve(p.merchantId(), p.id(), amount)) {
        long left = refunds.payment(p.merchantId(), p.id())
            .map(x -> x.amountMinor() - x.refundedMinor()).orElse(0L);
        throw new OkPayException(ErrorCode.REFUND_EXCEEDS_PAYMENT,
            Map.of("refundableMinor", left, "currency", p.currency()));
      }
      // The payment row is locked by the reservation: the count cannot race.
      if (refunds.countOfPayment(p.id()) >= REFUNDS_PER_PAYMENT_MAX) {
        throw new OkPayException(ErrorCode.REFUNDS_FULL,
            Map.of("max", REFUNDS_PER_PAYMENT_MAX));
      }
      if (!refunds.insert(id, p, amount, reason, reference, requestId, createdBy, now,
          now.plus(pendingFor))) {
        s.setRollbackOnly();
        return Optional.<RefundStore.Row>empty();
      }
      RefundStore.Row made = refunds.byId(id).orElseThrow();
      completion.created(made.view());
      audit.byCaller("refund_created", caller, "refund", id, "merchant", p.merchantId().toString(),
          "payment", p.id().toString(), "amountMinor", Long.toString(amount),
          "currency", p.currency(), "reason", reason);
      return Optional.of(made);
    });
    return row;
  }

  private Created replay(RefundStore.Row row, NewRefund r) {
    Refund v = row.view();
    if (!v.paymentId().equals(r.paymentId())
        || (r.amountMinor() != null && r.amountMinor() != v.amountMinor())
        || !v.reason().equals(r.reason())) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("field", "merchantRefundReference"));
    }
    return new Created(v, true);
  }

  private static NewRefund checked(NewRefund r) {
    FieldErrors errors = new FieldErrors();
    if (r == null) {
      throw FieldErrors.invalid("paymentId", FieldErrors.REQUIRED);
    }
    if (r.paymentId() == null) {
      errors.add("paymentId", FieldErrors.REQUIRED);
    }
    if (r.amountMinor() != null && r.amountMinor() <= 0) {
      errors.add("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
    if (r.reason() == null || r.reason().isBlank()) {
      errors.add("reason", FieldErrors.REQUIRED);
    } else if (!REASONS.contains(r.reason())) {
      errors.add("reason", FieldErrors.UNKNOWN);
    }
    String ref = r.merchantRefundReference() == null ? null : r.merchantRefundReference().strip();
    if (ref == null || ref.isEmpty()) {
      errors.add("merchantRefundReference", FieldErrors.REQUIRED);
    } else if (ref.length() > REFERENCE_LENGTH_MAX) {
      errors.add("merchantRefundReference", FieldErrors.TOO_LONG);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return new NewRefund(r.paymentId(), r.amountMinor(), r.reason(), ref);
  }

  /**
   * Moves a pending refund's money when the merchant's balance covers it; one attempt per
   * merchant at a time on this instance, so two refunds do not both count on the same money.
   */
  void attempt(UUID refundId) {
    RefundStore.Row row = refunds.byId(refundId).orElse(null);
    if (row == null || !row.pending()) {
      return;
    }
    ReentrantLock lock = merchantLocks[Math.floorMod(row.merchantId().hashCode(), LOCKS)];
    lock.lock();
    try {
      row = refunds.byId(refundId).orElseThrow();
      if (!row.pending()) {
        return;
      }
      Refund r = row.view();
      if (available(r.merchantId(), r.currency()) < r.amountMinor()) {
        RefundStore.Row waiting = row;
        tx.executeWithoutResult(s -> {
          if (refunds.waiting(refundId, clock.instant())) {
            completion.waiting(waiting.view(), waiting.payerUserId());
          }
        });
        return;
      }
      CurrentUser payer = payer(row.payerUserId());
      if (payer == null) {
        return;
      }
      PaymentsApi.Executed done;
      try {
        done = payments.execute(payer, MerchantRefundType.engineKey(refundId, row.attempt()),
            new MerchantRefundRequest(refundId), null);
      } catch (OkPayException refused) {
        // E.g. the payer's velocity limit: the job tries again.
        log.info("refund {} not moved yet: {}", refundId, refused.errorCode().code());
        return;
      }
      if (done.transaction().state() == TransactionState.FAILED) {
        refunds.nextAttempt(refundId, row.attempt());
      }
    } finally {
      lock.unlock();
    }
  }

  private long available(UUID merchantId, String currency) {
    return ledger.accountsOf(OwnerType.MERCHANT, merchantId.toString()).stream()
        .filter(a -> "balance".equals(a.kind()) && a.currency().getCurrencyCode().equals(currency))
        .mapToLong(Account::availableMinor).sum();
  }

  private CurrentUser payer(UUID userId) {
    return identity.contact(userId).map(c -> new CurrentUser(c.userId(), c.email(),
        c.displayName(), Role.CUSTOMER, c.language(), c.emailVerified(), null)).orElse(null);
  }

  @Override
  public Optional<Refund> refund(MerchantCaller caller, UUID refundId) {
    caller.require(ApiResource.REFUNDS, Access.READ);
    return refunds.find(caller.merchantId(), refundId).map(RefundStore.Row::view);
  }

  @Override
  public RefundPage refunds(MerchantCaller caller, UUID paymentId, String cursor, int limit) {
    caller.require(ApiResource.REFUNDS, Access.READ);
    if (limit < 1 || limit > LIST_LIMIT_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    Instant at = null;
    UUID afterId = null;
    if (cursor != null && !cursor.isBlank()) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor),
            StandardCharsets.UTF_8).split("\\|");
        at = Instant.parse(parts[0]);
        afterId = UUID.fromString(parts[1]);
      } catch (RuntimeException bad) {
        throw FieldErrors.invalid("cursor", FieldErrors.FORMAT);
      }
    }
    List<RefundStore.Row> rows = refunds.page(caller.merchantId(), paymentId, at, afterId, limit);
    String next = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      Refund last = rows.get(limit - 1).view();
      next = Base64.getUrlEncoder().withoutPadding().encodeToString(
          (last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }
    return new RefundPage(rows.stream().map(RefundStore.Row::view).toList(), next);
  }

  @Override
  public Refund cancel(MerchantCaller caller, UUID refundId) {
    caller.require(ApiResource.REFUNDS, Access.WRITE);
    RefundStore.Row row = refunds.find(caller.merchantId(), refundId)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_NOT_FOUND));
    ReentrantLock lock = merchantLocks[Math.floorMod(row.merchantId().hashCode(), LOCKS)];
    lock.lock();
    try {
      Instant now = clock.instant();
      Boolean done = tx.execute(s -> {
        if (!refunds.canceled(caller.merchantId(), refundId, now)) {
          return false;
        }
        refunds.release(row.view().paymentId(), row.view().amountMinor());
        audit.byCaller("refund_canceled", caller, "refund", refundId,
            "merchant", caller.merchantId().toString());
        return true;
      });
      if (!Boolean.TRUE.equals(done)) {
        throw new OkPayException(ErrorCode.REFUND_NOT_PENDING,
            Map.of("status", refunds.find(caller.merchantId(), refundId).orElseThrow()
                .view().status()));
      }
    } finally {
      lock.unlock();
    }
    return refunds.find(caller.merchantId(), refundId).orElseThrow().view();
  }

  @Scheduled(initialDelayString = "${okpay.merchants.refunds.retry-interval:PT5M}",
      fixedDelayString = "${okpay.merchants.refunds.retry-interval:PT5M}")
  void retryJob() {
    try {
      retryDue(clock.instant());
    } catch (RuntimeException e) {
      log.warn("refund retry failed; next run tries again", e);
    }
  }

  @Override
  public int retryDue(Instant now) {
    int moved = 0;
    for (UUID id : refunds.pendingIds(500)) {
      RefundStore.Row row = refunds.byId(id).orElse(null);
      if (row == null || !row.pending()) {
        continue;
      }
      if (!now.isBefore(row.view().pendingUntil())) {
        if (failPastDeadline(row, now)) {
          moved++;
        }
        continue;
      }
      attempt(id);
      if (!refunds.byId(id).orElseThrow().pending()) {
        moved++;
      }
    }
    return moved;
  }

  private boolean failPastDeadline(RefundStore.Row row, Instant now) {
    ReentrantLock lock = merchantLocks[Math.floorMod(row.merchantId().hashCode(), LOCKS)];
    lock.lock();
    try {
      return Boolean.TRUE.equals(tx.execute(s -> {
        if (!refunds.failed(row.id(), "deadline_passed", now, now)) {
          return false;
        }
        refunds.release(row.view().paymentId(), row.view().amountMinor());
        completion.failed(refunds.byId(row.id()).orElseThrow().view(), row.payerUserId(), now);
        return true;
      }));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Refund> refundsOfTransaction(UUID payerUserId, UUID transactionId) {
    return refunds.ofPaymentTransaction(payerUserId, transactionId).stream()
        .map(RefundStore.Row::view).toList();
  }

  @Override
  public Optional<Refund> refundOfRefundTransaction(UUID payerUserId, UUID refundTransactionId) {
    return refunds.ofRefundTransaction(payerUserId, refundTransactionId)
        .map(RefundStore.Row::view);
  }

  @Override
  public Refund confirmArrival(UUID payerUserId, UUID refundId, boolean received,
      String message) {
    RefundStore.Row row = refunds.ofPayer(payerUserId, refundId)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_NOT_FOUND));
    if (!"succeeded".equals(row.view().status())) {
      throw new OkPayException(ErrorCode.REFUND_NOT_SUCCEEDED);
    }
    if (refunds.arrival(payerUserId, refundId, received ? "received" : "not_received",
        clock.instant()) && !received) {
      payments.fileArrivalComplaint(payerUserId, row.view().transactionId(),
          message == null || message.isBlank() ? "Refund not received" : message);
    }
    return refunds.ofPayer(payerUserId, refundId).orElseThrow().view();
  }

  static Currency currency(String code) {
    return Currency.getInstance(code);
  }
}
