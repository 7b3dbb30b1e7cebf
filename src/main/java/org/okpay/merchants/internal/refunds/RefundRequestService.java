package org.okpay.merchants.internal.refunds;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.RefundRequestExpired;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundsApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refund requests: asked by the payer within the merchant's window, answered by the merchant
 * by {@code answerBy}, or expired by the job. Approval makes the refund in the same database
 * transaction (its amount reserved on the payment), then moves its money.
 */
@Service
class RefundRequestService implements RefundRequestsApi {

  private static final Logger log = LoggerFactory.getLogger(RefundRequestService.class);
  static final int MESSAGE_LENGTH_MAX = 1000;
  static final String MY_REFUND_PATH = "/account/money/transactions/";

  private final RefundRequestStore requests;
  private final RefundStore refunds;
  private final RefundService refundService;
  private final RefundNotices notices;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration answerWithin;

  RefundRequestService(RefundRequestStore requests, RefundStore refunds,
      RefundService refundService, RefundNotices notices, ApplicationEventPublisher events,
      TransactionTemplate tx, Clock clock,
      @Value("${okpay.merchants.refund-requests.answer-within:PT48H}") Duration answerWithin) {
    this.requests = requests;
    this.refunds = refunds;
    this.refundService = refundService;
    this.notices = notices;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
    this.answerWithin = answerWithin;
  }

  @Override
  public RefundRequest request(CurrentUser customer, NewRequest r) {
    FieldErrors errors = new FieldErrors();
    if (r == null || (r.paymentId() == null && r.transactionId() == null)) {
      throw FieldErrors.invalid("paymentId", FieldErrors.REQUIRED);
    }
    if (r.amountMinor() != null && r.amountMinor() <= 0) {
      errors.add("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
    if (r.reason() == null || r.reason().isBlank()) {
      errors.add("reason", FieldErrors.REQUIRED);
    } else if (!RefundsApi.REASONS.contains(r.reason())) {
      errors.add("reason", FieldErrors.UNKNOWN);
    }
    String message = r.message() == null ? null : r.message().strip();
    if (message != null && message.length() > MESSAGE_LENGTH_MAX) {
      errors.add("message", FieldErrors.TOO_LONG);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    RefundRequestStore.Payer p = requests.payment(customer.userId(), r.paymentId(),
        r.transactionId()).orElseThrow(() -> new OkPayException(
            ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
    Instant now = clock.instant();
    if (!"succeeded".equals(p.status())) {
      throw new OkPayException(ErrorCode.REFUND_PAYMENT_NOT_REFUNDABLE);
    }
    if (!now.isBefore(p.createdAt().plus(Duration.ofDays(p.refundWindowDays())))) {
      throw new OkPayException(ErrorCode.REFUND_WINDOW_CLOSED,
          Map.of("refundWindowDays", p.refundWindowDays()));
    }
    long left = p.amountMinor() - p.refundedMinor();
    long amount = r.amountMinor() == null ? left : r.amountMinor();
    if (amount <= 0 || amount > left) {
      throw new OkPayException(ErrorCode.REFUND_EXCEEDS_PAYMENT,
          Map.of("refundableMinor", left, "currency", p.currency()));
    }
    UUID id = UUID.randomUUID();
    Instant answerBy = now.plus(answerWithin);
    RefundRequest made = tx.execute(s -> {
      if (!requests.insert(id, p, customer.userId(), amount, r.reason(),
          message == null || message.isEmpty() ? null : message, answerBy, now)) {
        throw new OkPayException(ErrorCode.REFUND_REQUEST_EXISTS);
      }
      RefundRequest q = requests.byId(id).orElseThrow().view();
      publish(q, "refund_request.created", "requested", now);
      notices.tell(p.ownerUserId(), "requestCreated",
          RefundCompletion.MERCHANT_REFUNDS_PATH.formatted(p.merchantId()), id.toString(),
          amount(q), q.merchantName(), answerBy.toString());
      return q;
    });
    return made;
  }

  @Override
  public Optional<PayerPayment> payerPayment(UUID customerId, UUID transactionId) {
    Instant now = clock.instant();
    return requests.payment(customerId, null, transactionId).map(p -> {
      long left = "succeeded".equals(p.status()) ? p.amountMinor() - p.refundedMinor() : 0;
      Instant windowEnds = p.createdAt().plus(Duration.ofDays(p.refundWindowDays()));
      boolean open = requests.ofCustomer(customerId, transactionId).stream()
          .anyMatch(q -> RefundRequestStore.REQUESTED.equals(q.view().status()));
      return new PayerPayment(p.id(), p.transactionId(), requests.merchantName(p.merchantId()),
          p.amountMinor(), p.refundedMinor(), left, p.currency(), windowEnds,
          left > 0 && now.isBefore(windowEnds) && !open);
    });
  }

  @Override
  public RefundRequest withdraw(UUID customerId, UUID requestId) {
    RefundRequestStore.Row row = requests.byId(requestId)
        .filter(x -> x.customerId().equals(customerId))
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_REQUEST_NOT_FOUND));
    if (!requests.answer(requestId, "withdrawn", customerId, null, clock.instant())) {
      throw new OkPayException(ErrorCode.REFUND_REQUEST_NOT_OPEN);
    }
    return requests.byId(row.view().id()).orElseThrow().view();
  }

  @Override
  public List<RefundRequest> mine(UUID customerId, UUID paymentTransactionId) {
    return requests.ofCustomer(customerId, paymentTransactionId).stream()
        .map(RefundRequestStore.Row::view).toList();
  }

  @Override
  public List<RefundRequest> ofMerchant(MerchantCaller caller, int limit) {
    caller.require(ApiResource.REFUNDS, Access.READ);
    if (limit < 1 || limit > RefundsApi.LIST_LIMIT_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    return requests.ofMerchant(caller.merchantId(), limit).stream()
        .map(RefundRequestStore.Row::view).toList();
  }

  @Override
  public Optional<RefundRequest> ofMerchant(MerchantCaller caller, UUID requestId) {
    caller.require(ApiResource.REFUNDS, Access.READ);
    return requests.ofMerchant(caller.merchantId(), requestId)
        .map(RefundRequestStore.Row::view);
  }

  @Override
  public RefundRequest approve(MerchantCaller caller, UUID requestId) {
    caller.require(ApiResource.REFUNDS, Access.WRITE);
    RefundRequestStore.Row row = open(caller, requestId);
    RefundRequest q = row.view();
    Instant now = clock.instant();
    UUID refundId = tx.execute(s -> {
      if (!requests.answer(requestId, "approved", caller.userId(), null, now)) {
        throw new OkPayException(ErrorCode.REFUND_REQUEST_NOT_OPEN);
      }
      RefundStore.Payment p = refunds.payment(caller.merchantId(), q.paymentId()).orElseThrow();
      long left = p.amountMinor() - p.refundedMinor();
      // A refund the merchant made meanwhile may have left less than was asked.
      long amount = Math.min(q.amountMinor(), left);
      UUID id = refundService.record(p, amount, q.reason(), null, requestId, caller)
          .orElseThrow().id();
      requests.refund(requestId, id);
      publish(q, "refund_request.approved", "approved", now);
      notices.tell(row.customerId(), "requestApproved", MY_REFUND_PATH
          + q.paymentTransactionId(), requestId.toString(), amount(q), q.merchantName());
      return id;
    });
    refundService.attempt(refundId);
    return requests.byId(requestId).orElseThrow().view();
  }

  @Override
  public RefundRequest reject(MerchantCaller caller, UUID requestId, String note) {
    caller.require(ApiResource.REFUNDS, Access.WRITE);
    RefundRequestStore.Row row = open(caller, requestId);
    String text = note == null ? null : note.strip();
    if (text != null && text.length() > MESSAGE_LENGTH_MAX) {
      throw FieldErrors.invalid("note", FieldErrors.TOO_LONG);
    }
    Instant now = clock.instant();
    tx.executeWithoutResult(s -> {
      if (!requests.answer(requestId, "rejected", caller.userId(),
          text == null || text.isEmpty() ? null : text, now)) {
        throw new OkPayException(ErrorCode.REFUND_REQUEST_NOT_OPEN);
      }
      RefundRequest q = row.view();
      publish(q, "refund_request.rejected", "rejected", now);
      notices.tell(row.customerId(), "requestRejected", MY_REFUND_PATH
          + q.paymentTransactionId(), requestId.toString(), amount(q), q.merchantName(),
          text == null || text.isEmpty() ? "-" : text);
    });
    return requests.byId(requestId).orElseThrow().view();
  }

  private RefundRequestStore.Row open(MerchantCaller caller, UUID requestId) {
    RefundRequestStore.Row row = requests.ofMerchant(caller.merchantId(), requestId)
        .orElseThrow(() -> new OkPayException(ErrorCode.REFUND_REQUEST_NOT_FOUND));
    if (!RefundRequestStore.REQUESTED.equals(row.view().status())) {
      throw new OkPayException(ErrorCode.REFUND_REQUEST_NOT_OPEN,
          Map.of("status", row.view().status()));
    }
    return row;
  }

  @Scheduled(initialDelayString = "${okpay.merchants.refund-requests.expiry-scan-interval:PT5M}",
      fixedDelayString = "${okpay.merchants.refund-requests.expiry-scan-interval:PT5M}")
  void expiryJob() {
    try {
      expireDue(clock.instant());
    } catch (RuntimeException e) {
      log.warn("refund request expiry failed; next run tries again", e);
    }
  }

  @Override
  public int expireDue(Instant now) {
    int expired = 0;
    for (UUID id : requests.due(now)) {
      Boolean done = tx.execute(s -> {
        if (!requests.expire(id, now)) {
          return false;
        }
        RefundRequestStore.Row row = requests.byId(id).orElseThrow();
        RefundRequest q = row.view();
        publish(q, "refund_request.expired", "expired", now);
        events.publishEvent(new RefundRequestExpired(id, q.merchantId(), row.customerId(),
            q.paymentTransactionId(), q.amountMinor(), q.currency(), now));
        notices.tell(row.customerId(), "requestExpired", MY_REFUND_PATH
            + q.paymentTransactionId(), id.toString(), amount(q), q.merchantName());
        return true;
      });
      if (Boolean.TRUE.equals(done)) {
        expired++;
      }
    }
    return expired;
  }

  private void publish(RefundRequest q, String type, String status, Instant now) {
    UUID id = UUID.nameUUIDFromBytes((q.id() + ":" + type).getBytes(StandardCharsets.UTF_8));
    events.publishEvent(new MerchantEvent(id, q.merchantId(), type, "refund_request", q.id(),
        status, now));
  }

  private static String amount(RefundRequest q) {
    return new Money(q.amountMinor(), java.util.Currency.getInstance(q.currency())).toString();
  }
}
