package org.okpay.support.internal.disputes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.DisputablePayments;
import org.okpay.merchants.DisputeStats;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.RefundsApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.okpay.shared.OkPayException;
import org.okpay.support.DisputesApi;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The disputes' rules. Each step is one local transaction: the compare-and-set state move, its
 * timeline step, message, audit row, notices and {@code dispute.*} webhook rows commit together;
 * ledger work (the hold and its settlement) follows the commit, see {@link DisputeHolds}.
 */
@Service
class DisputeService implements DisputesApi, DisputeStats {

  static final Duration INQUIRY_MAX = Duration.ofDays(20);
  static final Duration EVIDENCE_WITHIN = Duration.ofDays(10);
  private static final int KEY_LENGTH_MAX = 100;
  private static final int EVIDENCE_FIELD_MAX = 4000;
  private static final String MERCHANT = "merchant";

  private final DisputeStore store;
  private final DisputeHolds holds;
  private final DisputeNotices notices;
  private final PaymentsApi payments;
  private final DisputablePayments merchantPayments;
  private final RefundsApi refunds;
  private final IdentityApi identity;
  private final AuditApi audit;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;

  DisputeService(DisputeStore store, DisputeHolds holds, DisputeNotices notices,
      PaymentsApi payments, DisputablePayments merchantPayments, RefundsApi refunds,
      IdentityApi identity, AuditApi audit, ApplicationEventPublisher events,
      TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.holds = holds;
    this.notices = notices;
    this.payments = payments;
    this.merchantPayments = merchantPayments;
    this.refunds = refunds;
    this.identity = identity;
    this.audit = audit;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ------------------------------------------------------------------ the customer

  @Override
  public Opened open(CurrentUser customer, String idempotencyKey, NewDispute request) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    String key = idempotencyKey.strip();
    if (key.length() > KEY_LENGTH_MAX) {
      throw FieldErrors.invalid("Idempotency-Key", FieldErrors.TOO_LONG);
    }
    String description = validate(request);
    String hash = sha256(request.transactionId() + "|" + request.reason() + "|"
        + request.amountMinor() + "|" + description);
    Optional<DisputeStore.Row> earlier = store.byKey(customer.userId(), key);
    if (earlier.isPresent()) {
      return replay(earlier.get(), hash);
    }
    TransactionView t = payments.transaction(customer.userId(), request.transactionId())
        .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
    DisputeStore.NewRow row = newRow(customer, key, hash, request, description, t);
    try {
      tx.executeWithoutResult(s -> opened(customer, row));
    } catch (DuplicateKeyException e) {
      Optional<DisputeStore.Row> raced = store.byKey(customer.userId(), key);
      if (raced.isPresent()) {
        return replay(raced.get(), hash);
      }
      throw new OkPayException(ErrorCode.DISPUTE_EXISTS);
    }
    if ("p2p".equals(row.kind())) {
      placeP2pHold(row.id());
    }
    return new Opened(store.byId(row.id()).orElseThrow().view(), false);
  }

  private Opened replay(DisputeStore.Row row, String hash) {
    if (!row.requestHash().equals(hash)) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    }
    return new Opened(row.view(), true);
  }

  private static String validate(NewDispute request) {
    FieldErrors errors = new FieldErrors();
    if (request == null || request.transactionId() == null) {
      errors.add("transactionId", FieldErrors.REQUIRED);
    }
    String reason = request == null ? null : request.reason();
    if (reason == null || reason.isBlank()) {
      errors.add("reason", FieldErrors.REQUIRED);
    } else if (!REASONS.contains(reason)) {
      errors.add("reason", FieldErrors.UNKNOWN);
    }
    if (request != null && request.amountMinor() != null && request.amountMinor() <= 0) {
      errors.add("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
    String description = request == null || request.description() == null ? ""
        : request.description().strip();
    if (description.isEmpty()) {
      errors.add("description", FieldErrors.REQUIRED);
    } else if (description.length() > DESCRIPTION_LENGTH_MAX) {
      errors.add("description", FieldErrors.TOO_LONG);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return description;
  }

  /** What the dispute is about and how much is in question, from the customer's own records. */
  private DisputeStore.NewRow newRow(CurrentUser customer, String key, String hash,
      NewDispute request, String description, TransactionView t) {
    Instant now = now();
    UUID id = UUID.randomUUID();
    Optional<DisputablePayments.PaidByCustomer> paid = merchantPayments.ofPayer(
        customer.userId(), t.id());
    if (paid.isPresent()) {
      DisputablePayments.PaidByCustomer p = paid.get();
      long left = p.amountMinor() - p.refundedMinor();
      if (!"succeeded".equals(p.status()) || left <= 0) {
        throw new OkPayException(ErrorCode.DISPUTE_NOT_DISPUTABLE);
      }
      long amount = checkAmount(request.amountMinor(), left);
      return new DisputeStore.NewRow(id, customer.userId(), t.id(), MERCHANT, p.merchantId(),
          p.merchantName(), p.paymentId(), null, request.reason(), "inquiry", amount,
          p.currency(), description, key, hash, now.plus(INQUIRY_MAX), now.plus(INQUIRY_MAX),
          "unauthorized".equals(request.reason()), now);
    }
    if (t.state() == TransactionState.FAILED || t.state() == TransactionState.CREATED) {
      throw new OkPayException(ErrorCode.DISPUTE_NOT_DISPUTABLE);
    }
    Optional<UUID> recipient = payments.p2pRecipient(customer.userId(), t.id());
    long amount = checkAmount(request.amountMinor(), t.amount().amountMinor());
    String kind = recipient.isPresent() && t.state() == TransactionState.COMPLETED ? "p2p"
        : "other";
    return new DisputeStore.NewRow(id, customer.userId(), t.id(), kind, null, null, null,
        recipient.orElse(null), request.reason(), "under_review", amount,
        t.amount().currency().getCurrencyCode(), description, key, hash, null, null,
        "unauthorized".equals(request.reason()), now);
  }

  private static long checkAmount(Long asked, long max) {
    if (asked == null) {
      return max;
    }
    if (asked > max) {
      throw FieldErrors.invalid("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
    return asked;
  }

  private void opened(CurrentUser customer, DisputeStore.NewRow r) {
    store.insert(r);
    Instant now = r.now();
    store.message(r.id(), "customer", r.customerId().toString(), r.description(), now);
    store.step(r.id(), "opened", "customer", now);
    audit.append(new AuditEvent("support.dispute_opened", "user", r.customerId().toString(),
        "dispute", r.id().toString(), r.description(), details(r.transactionId(), r.reason(),
            r.amountMinor(), r.currency(), r.kind())));
    if (r.securedAccount()) {
      // An unauthorized payment: secure the account first (sessions end, sending freezes).
      identity.secureAccount(r.customerId());
      store.step(r.id(), "account_secured", "system", now);
      audit.append(new AuditEvent("support.dispute_account_secured", "system", null, "user",
          r.customerId().toString(), "unauthorized transaction reported",
          Map.of("dispute", r.id().toString())));
    }
    String amount = money(r.amountMinor(), r.currency());
    notices.tell(r.customerId(), MERCHANT.equals(r.kind()) ? "openedInquiry" : "opened",
        customerLink(r.id()), r.id().toString(), amount,
        MERCHANT.equals(r.kind()) ? notices.at(r.customerId(), r.dueAt()) : "");
    if (MERCHANT.equals(r.kind())) {
      DisputeStore.Row row = store.byId(r.id()).orElseThrow();
      publish(row, "dispute.created", "opened", now);
      notices.tell(ownerOf(row), "merchantOpened", merchantLink(row), r.id().toString(), amount,
          notices.at(ownerOf(row), r.dueAt()));
    }
  }

  private void placeP2pHold(UUID id) {
    DisputeStore.Row d = store.byId(id).orElseThrow();
    long held = holds.holdable(d);
    if (held > 0 && store.startHold(id, DisputeHolds.holdId(id, d.holdAttempt() + 1), held,
        now())) {
      holds.work(id);
    }
  }

  @Override
  public List<Dispute> mine(UUID customerId, int limit) {
    return store.ofCustomer(customerId, Math.clamp(limit, 1, LIST_LIMIT_MAX)).stream()
        .map(DisputeStore.Row::view).toList();
  }

  @Override
  public Optional<Detail> mine(UUID customerId, UUID disputeId) {
    return store.ofCustomer(customerId, disputeId).map(this::detail);
  }

  @Override
  public Optional<Dispute> openOn(UUID customerId, UUID transactionId) {
    return store.openOnTransaction(customerId, transactionId).map(DisputeStore.Row::view);
  }

  private DisputeStore.Row customers(UUID customerId, UUID disputeId) {
    return store.ofCustomer(customerId, disputeId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
  }

  @Override
  public Detail customerMessage(UUID customerId, UUID disputeId, String body) {
    DisputeStore.Row d = customers(customerId, disputeId);
    String text = messageBody(body);
    requireOpen(d);
    tx.executeWithoutResult(s -> {
      Instant now = now();
      store.message(d.id(), "customer", customerId.toString(), text, now);
      if (MERCHANT.equals(d.kind())) {
        publish(d, "dispute.updated", "customer_message:" + store.countMessages(d.id()), now);
        notices.tell(ownerOf(d), "customerMessage", merchantLink(d),
            d.id() + ":" + store.countMessages(d.id()), text);
      }
    });
    return detail(customers(customerId, disputeId));
  }

  @Override
  public Detail escalate(UUID customerId, UUID disputeId) {
    DisputeStore.Row d = customers(customerId, disputeId);
    if (!escalateNow(d, "customer")) {
      throw wrongState(customers(customerId, disputeId));
    }
    return detail(customers(customerId, disputeId));
  }

  /** Inquiry → needs_response with the hold; false when it was not in inquiry any more. */
  private boolean escalateNow(DisputeStore.Row d, String actor) {
    if (!"inquiry".equals(d.status())) {
      return false;
    }
    long held = holds.holdable(d);
    Boolean moved = tx.execute(s -> {
      Instant now = now();
      Instant due = now.plus(EVIDENCE_WITHIN);
      if (!store.escalate(d.id(), DisputeHolds.holdId(d.id(), d.holdAttempt() + 1), held, due,
          now)) {
        return false;
      }
      store.step(d.id(), "escalated", actor, now);
      audit.append(new AuditEvent("support.dispute_escalated", actor.equals("customer") ? "user"
          : "system", actor.equals("customer") ? d.customerId().toString() : null, "dispute",
          d.id().toString(), null, Map.of("heldMinor", Long.toString(held), "currency",
              d.currency())));
      DisputeStore.Row now2 = store.byId(d.id()).orElseThrow();
      publish(now2, "dispute.updated", "needs_response", now);
      notices.tell(ownerOf(d), "evidenceDue", merchantLink(d), d.id().toString(),
          money(held, d.currency()), notices.at(ownerOf(d), due));
      notices.tell(d.customerId(), "escalated", customerLink(d.id()), d.id().toString(),
          notices.at(d.customerId(), due));
      return true;
    });
    if (Boolean.TRUE.equals(moved)) {
      holds.work(d.id());
      return true;
    }
    return false;
  }

  @Override
  public Detail withdraw(UUID customerId, UUID disputeId) {
    DisputeStore.Row d = customers(customerId, disputeId);
    closeNow(d, "withdrawn", "withdrawn", null, null, false, "customer");
    return detail(customers(customerId, disputeId));
  }

  // ------------------------------------------------------------------ the merchant

  @Override
  public List<Dispute> ofMerchant(MerchantCaller caller, String status, int limit) {
    caller.require(ApiResource.DISPUTES, Access.READ);
    if (status != null && !status.isBlank() && !List.of("inquiry", "needs_response",
        "under_review", "won", "lost", "withdrawn").contains(status)) {
      throw FieldErrors.invalid("status", FieldErrors.UNKNOWN);
    }
    return store.ofMerchant(caller.merchantId(), status == null || status.isBlank() ? null
        : status, Math.clamp(limit, 1, LIST_LIMIT_MAX)).stream().map(DisputeStore.Row::view)
        .toList();
  }

  @Override
  public Optional<Detail> ofMerchant(MerchantCaller caller, UUID disputeId) {
    caller.require(ApiResource.DISPUTES, Access.READ);
    return store.ofMerchant(caller.merchantId(), disputeId).map(this::detail);
  }

  private DisputeStore.Row merchants(MerchantCaller caller, UUID disputeId, Access access) {
    caller.require(ApiResource.DISPUTES, access);
    return store.ofMerchant(caller.merchantId(), disputeId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
  }

  private static String actorId(MerchantCaller caller) {
    return caller.dashboard() ? String.valueOf(caller.userId()) : String.valueOf(caller.apiKeyId());
  }

  private static String actorType(MerchantCaller caller) {
    return caller.dashboard() ? "user" : "merchant_key";
  }

  @Override
  public Detail merchantMessage(MerchantCaller caller, UUID disputeId, String body) {
    DisputeStore.Row d = merchants(caller, disputeId, Access.WRITE);
    String text = messageBody(body);
    requireOpen(d);
    tx.executeWithoutResult(s -> {
      Instant now = now();
      store.message(d.id(), MERCHANT, actorId(caller), text, now);
      notices.tell(d.customerId(), "merchantMessage", customerLink(d.id()),
          d.id() + ":" + store.countMessages(d.id()), d.merchantName(), text);
    });
    return detail(merchants(caller, disputeId, Access.READ));
  }

  @Override
  public Detail accept(MerchantCaller caller, UUID disputeId) {
    DisputeStore.Row d = merchants(caller, disputeId, Access.WRITE);
    switch (d.status()) {
      case "inquiry" -> {
        // A refund of the disputed amount; the dispute ends when it succeeds (refund listener).
        RefundsApi.Created made = refunds.create(caller, new RefundsApi.NewRefund(d.paymentId(),
            d.amountMinor(), reasonForRefund(d.reason()), "dispute-" + d.id()));
        tx.executeWithoutResult(s -> {
          store.step(d.id(), "merchant_refunding", MERCHANT, now());
          audit.append(new AuditEvent("support.dispute_accepted", actorType(caller),
              actorId(caller), "dispute", d.id().toString(), null,
              Map.of("refund", made.refund().id().toString())));
        });
        refunded(d.merchantId(), d.paymentId());
      }
      case "needs_response", "under_review" ->
          closeNow(d, "won", "conceded", null, null, true, MERCHANT);
      default -> throw wrongState(d);
    }
    return detail(merchants(caller, disputeId, Access.READ));
  }

  private static String reasonForRefund(String disputeReason) {
    return switch (disputeReason) {
      case "duplicate" -> "duplicate";
      case "not_received" -> "not_received";
      case "not_as_described" -> "not_as_described";
      case "unauthorized" -> "fraudulent";
      default -> "requested_by_customer";
    };
  }

  @Override
  public FileInfo addFile(MerchantCaller caller, UUID disputeId, String fileName,
      String contentType, byte[] content) {
    DisputeStore.Row d = merchants(caller, disputeId, Access.WRITE);
    String name = fileName == null ? "" : fileName.strip()
        .replaceAll("[\\p{Cntrl}/\\\\]", "_");
    if (name.isEmpty() || name.length() > 200) {
      throw FieldErrors.invalid("file", FieldErrors.INVALID);
    }
    String type = contentType == null ? "" : contentType.split(";")[0].strip()
        .toLowerCase(java.util.Locale.ROOT);
    if (content == null || content.length == 0 || content.length > FILE_BYTES_MAX
        || !FILE_TYPES.contains(type) || !looksLike(type, content)) {
      throw new OkPayException(ErrorCode.DISPUTE_FILE_REJECTED,
          Map.of("allowed", FILE_TYPES, "maxBytes", FILE_BYTES_MAX));
    }
    if (!"needs_response".equals(d.status())) {
      throw wrongState(d);
    }
    UUID id = UUID.randomUUID();
    tx.executeWithoutResult(s -> {
      store.lock(d.id());
      if (store.countFiles(d.id()) >= FILES_PER_DISPUTE_MAX) {
        throw new OkPayException(ErrorCode.DISPUTE_FILES_FULL);
      }
      store.file(id, d.id(), name, type, content, sha256(content), now());
      audit.append(new AuditEvent("support.dispute_file_added", actorType(caller),
          actorId(caller), "dispute", d.id().toString(), null,
          Map.of("file", id.toString(), "bytes", Integer.toString(content.length))));
    });
    return store.files(d.id()).stream().filter(f -> f.id().equals(id)).findFirst()
        .orElseThrow();
  }

  /** The declared type must match the bytes: a PDF, PNG or JPEG by its magic number. */
  private static boolean looksLike(String type, byte[] b) {
    return switch (type) {
      case "application/pdf" -> b.length > 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D'
          && b[3] == 'F';
      case "image/png" -> b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N'
          && b[3] == 'G';
      case "image/jpeg" -> b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
      case "text/plain" -> StandardCharsets.UTF_8.newDecoder().decode(
          java.nio.ByteBuffer.wrap(b), java.nio.CharBuffer.allocate(b.length), true)
          .isUnderflow();
      default -> false;
    };
  }

  @Override
  public Optional<FileContent> file(MerchantCaller caller, UUID disputeId, UUID fileId) {
    DisputeStore.Row d = merchants(caller, disputeId, Access.READ);
    return store.file(d.id(), fileId);
  }

  @Override
  public Detail submitEvidence(MerchantCaller caller, UUID disputeId, Evidence evidence) {
    DisputeStore.Row d = merchants(caller, disputeId, Access.WRITE);
    Evidence clean = cleanEvidence(evidence);
    if (!"needs_response".equals(d.status())) {
      throw wrongState(d);
    }
    Boolean moved = tx.execute(s -> {
      Instant now = now();
      if (!store.toReview(d.id(), now)) {
        return false;
      }
      store.evidence(d.id(), clean, actorId(caller), now);
      store.step(d.id(), "evidence_submitted", MERCHANT, now);
      audit.append(new AuditEvent("support.dispute_evidence", actorType(caller), actorId(caller),
          "dispute", d.id().toString(), null, Map.of()));
      publish(d, "dispute.updated", "under_review", now);
      notices.tell(d.customerId(), "underReview", customerLink(d.id()), d.id().toString(),
          d.merchantName());
      return true;
    });
    if (!Boolean.TRUE.equals(moved)) {
      throw wrongState(merchants(caller, disputeId, Access.READ));
    }
    return detail(merchants(caller, disputeId, Access.READ));
  }

  private static Evidence cleanEvidence(Evidence e) {
    FieldErrors errors = new FieldErrors();
    String explanation = trim(e == null ? null : e.explanation());
    if (explanation == null) {
      errors.add("explanation", FieldErrors.REQUIRED);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("productDescription", trim(e == null ? null : e.productDescription()));
    fields.put("customerCommunication", trim(e == null ? null : e.customerCommunication()));
    fields.put("shippingTracking", trim(e == null ? null : e.shippingTracking()));
    fields.put("refundPolicy", trim(e == null ? null : e.refundPolicy()));
    fields.put("explanation", explanation);
    fields.forEach((k, v) -> {
      int max = "shippingTracking".equals(k) ? 500 : EVIDENCE_FIELD_MAX;
      if (v != null && v.length() > max) {
        errors.add(k, FieldErrors.TOO_LONG);
      }
    });
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return new Evidence(fields.get("productDescription"), fields.get("customerCommunication"),
        fields.get("shippingTracking"), fields.get("refundPolicy"), explanation, null);
  }

  private static String trim(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  // ------------------------------------------------------------------ agents

  @Override
  public List<Dispute> queue(String status, int limit) {
    return store.queue(status == null || status.isBlank() ? null : status,
        Math.clamp(limit, 1, LIST_LIMIT_MAX)).stream().map(DisputeStore.Row::view).toList();
  }

  @Override
  public Optional<Detail> forAgent(UUID disputeId) {
    return store.byId(disputeId).map(this::detail);
  }

  @Override
  public Optional<FileContent> fileForAgent(UUID disputeId, UUID fileId) {
    return store.file(disputeId, fileId);
  }

  @Override
  public Detail decide(CurrentUser agent, UUID disputeId, String outcome, String reason) {
    FieldErrors errors = new FieldErrors();
    if (outcome == null || !List.of("customer", MERCHANT).contains(outcome)) {
      errors.add("outcome", outcome == null ? FieldErrors.REQUIRED : FieldErrors.UNKNOWN);
    }
    String why = trim(reason);
    if (why == null) {
      errors.add("reason", FieldErrors.REQUIRED);
    } else if (why.length() > DESCRIPTION_LENGTH_MAX) {
      errors.add("reason", FieldErrors.TOO_LONG);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    DisputeStore.Row d = store.byId(disputeId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND));
    if ("inquiry".equals(d.status())) {
      // An agent does not decide an inquiry the parties may still settle.
      throw wrongState(d);
    }
    boolean forCustomer = "customer".equals(outcome);
    closeNow(d, forCustomer ? "won" : "lost", "decided", why, agent.userId(), forCustomer,
        agent.role() == org.okpay.identity.Role.ADMIN ? "admin" : "agent");
    return detail(store.byId(disputeId).orElseThrow());
  }

  // ------------------------------------------------------------------ closing

  /**
   * Closes an open dispute in one transaction (state, step, audit, notices, webhook), then
   * posts or voids its hold. {@code toCustomer} says which way the hold goes.
   */
  private void closeNow(DisputeStore.Row d, String status, String resolution, String reason,
      UUID decidedBy, boolean toCustomer, String actor) {
    Boolean closed = tx.execute(s -> {
      Instant now = now();
      if (!store.close(d.id(), OPEN_STATUSES, status, resolution, reason, decidedBy, toCustomer,
          now)) {
        return false;
      }
      store.step(d.id(), status + ":" + resolution, "admin".equals(actor) ? "agent" : actor, now);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("outcome", status);
      details.put("resolution", resolution);
      details.put("heldMinor", Long.toString(d.holdMinor()));
      details.put("currency", d.currency());
      audit.append(new AuditEvent("support.dispute_closed", actorTypeOf(actor),
          decidedBy != null ? decidedBy.toString()
              : "customer".equals(actor) ? d.customerId().toString() : null,
          "dispute", d.id().toString(), reason, details));
      DisputeStore.Row after = store.byId(d.id()).orElseThrow();
      publish(after, "dispute.closed", status, now);
      String amount = money(d.holdMinor() > 0 ? d.holdMinor() : d.amountMinor(), d.currency());
      notices.tell(d.customerId(), "closed." + status, customerLink(d.id()), d.id().toString(),
          amount, reason == null ? "" : reason);
      notices.tell(ownerOf(d), "merchantClosed." + status, merchantLink(d), d.id().toString(),
          amount, reason == null ? "" : reason);
      if (d.counterpartyUserId() != null) {
        notices.tell(d.counterpartyUserId(), "recipientClosed." + status, null,
            d.id().toString(), amount);
      }
      return true;
    });
    if (!Boolean.TRUE.equals(closed)) {
      throw wrongState(store.byId(d.id()).orElseThrow());
    }
    afterCommit(() -> holds.work(d.id()));
  }

  private static String actorTypeOf(String actor) {
    return switch (actor) {
      case "customer" -> "user";
      case "agent" -> "agent";
      case "admin" -> "admin";
      case MERCHANT -> "merchant_key";
      default -> "system";
    };
  }

  /** Runs after the surrounding transaction commits, or at once without one. */
  private static void afterCommit(Runnable work) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          work.run();
        }
      });
    } else {
      work.run();
    }
  }

  /**
   * A refund of the payment succeeded: once the refunds made since the dispute opened cover the
   * disputed amount, the dispute ends for the customer ({@code won}, {@code refunded}) and any
   * hold is released (the customer has their money through the refund).
   */
  void refunded(UUID merchantId, UUID paymentId) {
    MerchantCaller system = new MerchantCaller(merchantId, null, null,
        Map.of(ApiResource.REFUNDS, Access.READ));
    for (DisputeStore.Row d : store.openOnPayment(merchantId, paymentId)) {
      long since = refunds.refunds(system, paymentId, null, RefundsApi.LIST_LIMIT_MAX).refunds()
          .stream().filter(r -> "succeeded".equals(r.status()) && r.succeededAt() != null
              && !r.succeededAt().isBefore(d.createdAt()))
          .mapToLong(RefundsApi.Refund::amountMinor).sum();
      if (since >= d.amountMinor()) {
        try {
          closeNow(d, "won", "refunded", null, null, false, "system");
        } catch (OkPayException e) {
          // Closed meanwhile by someone else: nothing to do.
        }
      }
    }
  }

  // ------------------------------------------------------------------ the job

  @Override
  public int advanceDue(Instant now) {
    int moved = 0;
    for (UUID id : store.due(now, 100)) {
      DisputeStore.Row d = store.byId(id).orElseThrow();
      if ("inquiry".equals(d.status()) && escalateNow(d, "system")) {
        moved++;
      } else if ("needs_response".equals(d.status()) && evidenceMissed(d)) {
        moved++;
      }
    }
    for (UUID id : store.holdWork(now.minusSeconds(60), 100)) {
      holds.work(id);
    }
    return moved;
  }

  private boolean evidenceMissed(DisputeStore.Row d) {
    return Boolean.TRUE.equals(tx.execute(s -> {
      Instant now = now();
      if (!store.toReview(d.id(), now)) {
        return false;
      }
      store.step(d.id(), "evidence_missed", "system", now);
      audit.append(AuditEvent.system("support.dispute_evidence_missed", "dispute",
          d.id().toString(), Map.of()));
      publish(d, "dispute.updated", "under_review", now);
      notices.tell(ownerOf(d), "evidenceMissed", merchantLink(d), d.id().toString());
      notices.tell(d.customerId(), "underReview", customerLink(d.id()), d.id().toString(),
          d.merchantName());
      return true;
    }));
  }

  // ------------------------------------------------------------------ reputation

  @Override
  public Counts counts(UUID merchantId) {
    return new Counts(store.opened(merchantId), store.lost(merchantId));
  }

  // ------------------------------------------------------------------ helpers

  private Detail detail(DisputeStore.Row d) {
    return new Detail(d.view(), store.messages(d.id()), store.steps(d.id()),
        store.evidence(d.id()).orElse(null), store.files(d.id()));
  }

  private static String messageBody(String body) {
    String text = trim(body);
    if (text == null) {
      throw FieldErrors.invalid("body", FieldErrors.REQUIRED);
    }
    if (text.length() > MESSAGE_LENGTH_MAX) {
      throw FieldErrors.invalid("body", FieldErrors.TOO_LONG);
    }
    return text;
  }

  private static void requireOpen(DisputeStore.Row d) {
    if (!d.view().open()) {
      throw wrongState(d);
    }
  }

  private static OkPayException wrongState(DisputeStore.Row d) {
    return new OkPayException(ErrorCode.DISPUTE_WRONG_STATE, Map.of("status", d.status()));
  }

  private void publish(DisputeStore.Row d, String type, String marker, Instant now) {
    if (d.merchantId() == null) {
      return;
    }
    UUID id = UUID.nameUUIDFromBytes((d.id() + ":" + type + ":" + marker)
        .getBytes(StandardCharsets.UTF_8));
    String status = store.byId(d.id()).map(DisputeStore.Row::status).orElse(d.status());
    events.publishEvent(new MerchantEvent(id, d.merchantId(), type, "dispute", d.id(), status,
        now));
  }

  private UUID ownerOf(DisputeStore.Row d) {
    if (d.merchantId() == null) {
      return null;
    }
    return merchantPayments.ofMerchantPayment(d.merchantId(), d.paymentId())
        .map(DisputablePayments.PaidByCustomer::ownerUserId).orElse(null);
  }

  private static String customerLink(UUID id) {
    return "/disputes/" + id;
  }

  private static String merchantLink(DisputeStore.Row d) {
    return "/merchant/" + d.merchantId() + "/disputes/" + d.id();
  }

  private static Map<String, String> details(UUID transactionId, String reason, long amount,
      String currency, String kind) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("transaction", transactionId.toString());
    m.put("reason", reason);
    m.put("amountMinor", Long.toString(amount));
    m.put("currency", currency);
    m.put("kind", kind);
    return m;
  }

  static String money(long minor, String currency) {
    return new Money(minor, java.util.Currency.getInstance(currency)).toString();
  }

  private static String sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
