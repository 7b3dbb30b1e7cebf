package org.okpay.support.internal.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.NewCase;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseRow.CaseState;
import org.okpay.support.internal.cases.CaseRules.Move;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cases: opening (idempotent on the source key), the customer's reads and moves, and the
 * internal methods the agent side calls (reply, note, status, priority, assign). Every move
 * locks the case row, asks {@link CaseRules}, saves the state whole, records a case event and
 * queues the notices, all in one transaction.
 */
@Service
public class CaseService implements SupportApi {

  static final int SUBJECT_LENGTH_MAX = 200;
  static final int BODY_LENGTH_MAX = 10_000;
  static final int SOURCE_KEY_LENGTH_MAX = 200;
  static final int REFERENCE_TRIES_MAX = 5;
  static final int RATING_COMMENT_LENGTH_MAX = 1000;
  static final java.time.Duration CALLBACK_AHEAD_MAX = java.time.Duration.ofDays(7);
  static final Set<String> CHANNELS = Set.of("web", "api", "email", "phone", "system");
  static final Set<String> LINK_TYPES = Set.of("transaction", "refund", "refund_request",
      "dispute", "complaint");

  private final CaseStore cases;
  private final ThreadStore thread;
  private final CaseNotices notices;
  private final SlaPolicy policy;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final AuditApi audit;
  private final CaseLinks links;

  CaseService(CaseStore cases, ThreadStore thread, CaseNotices notices, SlaPolicy policy,
      TransactionTemplate tx, Clock clock, AuditApi audit, CaseLinks links) {
    this.cases = cases;
    this.thread = thread;
    this.notices = notices;
    this.policy = policy;
    this.tx = tx;
    this.clock = clock;
    this.audit = audit;
    this.links = links;
  }

  /** What {@link #openCase} did. */
  public record Opened(SupportCase supportCase, boolean created, boolean sameRequest) {
  }

  @Override
  public SupportCase open(NewCase request) {
    return openCase(request, null).supportCase();
  }

  /**
   * Opens a case, or answers the one with the same source key ({@code created} false;
   * {@code sameRequest} false when that one was opened with other fields). Safe under
   * concurrency: the insert is {@code on conflict do nothing}, the loser reads the winner.
   *
   * @param repeatOf the old case this one repeats (reopened after the window), or null
   */
  public Opened openCase(NewCase request, UUID repeatOf) {
    NewCase r = checked(request);
    String hash = hash(r);
    for (int attempt = 1; attempt <= REFERENCE_TRIES_MAX; attempt++) {
      Instant now = now();
      Opened opened = tx.execute(s -> {
        CaseRow row = new CaseRow(UUID.randomUUID(), CaseRules.reference(now), r.customerId(),
            r.contactEmail(), language(r.language()), r.category(), r.subject(), r.link(),
            r.sourceKey(), hash, r.channel(), now, repeatOf,
            CaseRules.opened(r.priority(), policy.of(r.priority()), now));
        if (!cases.insert(row)) {
          return cases.bySourceKey(r.sourceKey())
              .map(c -> new Opened(c.view(), false, c.sourceHash().equals(hash))).orElse(null);
        }
        cases.event(row.id(), "opened", actorType(r), r.customerId(), null, r.channel(), now);
        if (r.message() != null && !r.message().isBlank()) {
          thread.addMessage(new CaseMessage(UUID.randomUUID(), row.id(),
              "system".equals(r.channel()) ? "system" : "customer", r.customerId(),
              r.message().strip(), false, via(r.channel()), null, now));
        }
        notices.opened(row);
        return new Opened(row.view(), true, true);
      });
      if (opened != null) {
        return opened;
      }
      // The insert met another case's reference (the source key is free): draw again.
    }
    throw new IllegalStateException("no free case reference after " + REFERENCE_TRIES_MAX);
  }

  @Override
  public OpenedCase openMine(org.okpay.identity.CurrentUser customer, CustomerRequest r,
      String sourceKey, String channel) {
    if (r == null || r.category() == null) {
      throw FieldErrors.invalid("category", FieldErrors.REQUIRED);
    }
    if (r.subject() == null || r.subject().isBlank()) {
      throw FieldErrors.invalid("subject", FieldErrors.REQUIRED);
    }
    org.okpay.support.CaseLink link = links.of(customer.userId(), r);
    CasePriority priority = r.category() == org.okpay.support.CaseCategory.ACCOUNT_SECURITY
        ? CasePriority.HIGH : CasePriority.NORMAL;
    String message = r.message() == null || r.message().isBlank() ? null : r.message();
    Opened opened = openCase(new NewCase(customer.userId(), customer.email(),
        customer.language(), r.category(), priority, r.subject(), message, link, sourceKey,
        "api".equals(channel) ? "api" : "web"), null);
    if (!opened.sameRequest()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("caseId", opened.supportCase().id().toString()));
    }
    return new OpenedCase(opened.supportCase(), opened.created());
  }

  @Override
  public List<SupportCase> casesOf(UUID customerId, int limit) {
    int capped = Math.max(1, Math.min(limit, CASES_PAGE_MAX));
    return cases.ofCustomer(customerId, capped).stream().map(CaseRow::view).toList();
  }

  @Override
  public Optional<SupportCase> caseOf(UUID customerId, UUID caseId) {
    if (customerId == null || caseId == null) {
      return Optional.empty();
    }
    return cases.ofCustomer(customerId, caseId).map(CaseRow::view);
  }

  // ---- internal methods for the agent side (support.internal.*) and the customer API ----

  /** Any case by id (agents). */
  public Optional<SupportCase> anyCase(UUID caseId) {
    return cases.byId(caseId).map(CaseRow::view);
  }

  /** A case by the reference an e-mail subject carries, e.g. C-20261207-4F2K (IMAP poller). */
  public Optional<SupportCase> byReference(String reference) {
    return cases.byReference(reference.toUpperCase(Locale.ROOT)).map(CaseRow::view);
  }

  /** The thread oldest first; internal notes only for agents ({@code withInternal}). */
  public List<CaseMessage> thread(UUID caseId, boolean withInternal) {
    return thread.messages(caseId, withInternal);
  }

  public List<CaseEvent> events(UUID caseId) {
    return cases.events(caseId);
  }

  /**
   * An agent's public reply: meets the reply target, moves the case to {@code setStatus}
   * (null: waiting_on_customer) and e-mails the reply with the thread to the customer.
   */
  public CaseMessage agentReply(UUID caseId, UUID agentId, String body, CaseStatus setStatus) {
    String text = body(body);
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      CaseState next = row.state().copy();
      Instant now = now();
      refuse(CaseRules.agentReply(next, setStatus, now));
      CaseMessage m = new CaseMessage(UUID.randomUUID(), caseId, "agent", agentId, text, false,
          "web", null, now);
      thread.addMessage(m);
      cases.save(caseId, next);
      CaseRow saved = withState(row, next);
      if (row.state().status != next.status) {
        cases.event(caseId, "status", "agent", agentId, row.state().status.code(),
            next.status.code(), now);
      }
      notices.agentReply(saved, m, thread.messages(caseId, false));
      return m;
    });
  }

  public List<CaseAttachment> attachments(UUID caseId) {
    return thread.attachments(caseId);
  }

  /** One attachment of the case (agents; customers go through their own scoped read). */
  public Optional<CaseAttachment.File> attachment(UUID caseId, UUID attachmentId) {
    return thread.attachment(caseId, attachmentId);
  }

  public List<CaseCallback> callbacks(UUID caseId) {
    return thread.callbacks(caseId);
  }

  /** Requested call-backs of every case, the soonest window first (the agent queue). */
  public List<CaseCallback> requestedCallbacks(int limit) {
    return thread.requestedCallbacks(Math.max(1, Math.min(limit, CASES_PAGE_MAX)));
  }

  /** An agent called back ({@code done}) or gave up ({@code canceled}); false when not open. */
  public boolean finishCallback(UUID caseId, UUID callbackId, UUID agentId, boolean done) {
    return Boolean.TRUE.equals(tx.execute(s -> {
      Instant now = now();
      String state = done ? "done" : "canceled";
      if (!thread.finishCallback(caseId, callbackId, state, agentId, now)) {
        return false;
      }
      cases.event(caseId, "callback", "agent", agentId, "requested", state, now);
      return true;
    }));
  }

  /** An agent's internal note: never shown to the customer, moves nothing. */
  public CaseMessage internalNote(UUID caseId, UUID agentId, String body) {
    String text = body(body);
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      Instant now = now();
      CaseMessage m = new CaseMessage(UUID.randomUUID(), row.id(), "agent", agentId, text, true,
          "web", null, now);
      thread.addMessage(m);
      return m;
    });
  }

  /** An agent sets the status (resolve and close too); the customer is told. */
  public SupportCase changeStatus(UUID caseId, UUID agentId, CaseStatus to, String reason) {
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      CaseState next = row.state().copy();
      Instant now = now();
      Move move = CaseRules.changeStatus(next, to, false, now);
      if (move == Move.UNCHANGED) {
        return row.view();
      }
      refuse(move);
      cases.save(caseId, next);
      cases.event(caseId, "status", "agent", agentId, row.state().status.code(), to.code(), now);
      CaseRow saved = withState(row, next);
      notices.statusChanged(saved, to, now);
      appendAudit(new AuditEvent("support.case_status", "agent", str(agentId), "case",
          caseId.toString(), reason, Map.of("from", row.state().status.code(), "to",
              to.code())));
      return saved.view();
    });
  }

  public SupportCase resolve(UUID caseId, UUID agentId, String reason) {
    return changeStatus(caseId, agentId, CaseStatus.RESOLVED, reason);
  }

  public SupportCase close(UUID caseId, UUID agentId, String reason) {
    return changeStatus(caseId, agentId, CaseStatus.CLOSED, reason);
  }

  /** An agent changes the priority: the running targets move to the new priority's. */
  public SupportCase changePriority(UUID caseId, UUID agentId, CasePriority to, String reason) {
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      CaseState next = row.state().copy();
      Instant now = now();
      Move move = CaseRules.changePriority(next, policy, to, now);
      if (move == Move.UNCHANGED) {
        return row.view();
      }
      refuse(move);
      cases.save(caseId, next);
      cases.event(caseId, "priority", "agent", agentId, row.state().priority.code(), to.code(),
          now);
      appendAudit(new AuditEvent("support.case_priority", "agent", str(agentId), "case",
          caseId.toString(), reason, Map.of("from", row.state().priority.code(), "to",
              to.code())));
      return withState(row, next).view();
    });
  }

  /** Assigns the case to an agent (null: unassigned). */
  public SupportCase assign(UUID caseId, UUID byAgentId, UUID assigneeId) {
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      if (row.state().status == CaseStatus.CLOSED) {
        throw new OkPayException(ErrorCode.CASE_CLOSED);
      }
      CaseState next = row.state().copy();
      Instant now = now();
      next.assigneeId = assigneeId;
      next.updatedAt = now;
      cases.save(caseId, next);
      cases.event(caseId, "assigned", "agent", byAgentId, str(row.state().assigneeId),
          str(assigneeId), now);
      return withState(row, next).view();
    });
  }

  /**
   * A customer's message from the web, the API or an e-mail. An e-mail is taken once per
   * Message-ID: the same e-mail again answers {@link Reply#duplicate()} and changes nothing.
   *
   * @param customerId the signed-in customer (their own case only), or null for an e-mail the
   *     poller matched by reference and sender
   * @param via web, api or email
   * @param emailMessageId the e-mail's Message-ID, or null
   */
  public Reply customerReply(UUID caseId, UUID customerId, String body, String via,
      String emailMessageId) {
    return customerReply(caseId, customerId, body, via, emailMessageId, null);
  }

  /** The same with at most one file (checked: 5 MB, PNG, JPEG, PDF or plain text). */
  public Reply customerReply(UUID caseId, UUID customerId, String body, String via,
      String emailMessageId, Upload file) {
    String text = body(body);
    CaseFiles.Checked checked = file == null ? null : CaseFiles.check(file);
    if (emailMessageId != null && thread.emailSeen(emailMessageId)) {
      return new Reply(null, true);
    }
    return tx.execute(s -> {
      CaseRow row = customerId == null ? locked(caseId) : lockedOwn(caseId, customerId);
      CaseState next = row.state().copy();
      Instant now = now();
      refuse(CaseRules.customerMessage(next, policy.of(next.priority), now));
      CaseMessage m = new CaseMessage(UUID.randomUUID(), caseId, "customer", row.customerId(),
          text, false, via, emailMessageId, now);
      if (!thread.addMessage(m)) {
        return new Reply(null, true);
      }
      if (checked != null) {
        thread.addAttachment(UUID.randomUUID(), caseId, m.id(), checked.fileName(),
            checked.contentType(), checked.content(), checked.sha256(), now);
      }
      cases.save(caseId, next);
      if (row.state().status != next.status) {
        String kind = row.state().status == CaseStatus.RESOLVED ? "reopened" : "status";
        cases.event(caseId, kind, "customer", row.customerId(), row.state().status.code(),
            next.status.code(), now);
        notices.statusChanged(withState(row, next), next.status, now);
      }
      return new Reply(m, false);
    });
  }

  // ---- SupportApi: the customer's side of one case ----

  @Override
  public Optional<CaseDetail> detailOf(UUID customerId, UUID caseId) {
    if (customerId == null || caseId == null) {
      return Optional.empty();
    }
    return cases.ofCustomer(customerId, caseId).map(row -> detail(row, now()));
  }

  private CaseDetail detail(CaseRow row, Instant now) {
    Map<UUID, List<Attachment>> files = new java.util.HashMap<>();
    for (CaseAttachment a : thread.attachments(row.id())) {
      files.computeIfAbsent(a.messageId(), k -> new java.util.ArrayList<>())
          .add(new Attachment(a.id(), a.fileName(), a.contentType(), a.sizeBytes()));
    }
    List<Message> messages = thread.messages(row.id(), false).stream()
        .map(m -> new Message(m.id(), m.authorType(), m.body(), m.via(), m.createdAt(),
            files.getOrDefault(m.id(), List.of())))
        .toList();
    List<Callback> callbacks = thread.callbacks(row.id()).stream()
        .map(c -> new Callback(c.id(), c.phone(), c.windowStart(), c.windowEnd(), c.state()))
        .toList();
    List<StatusChange> history = cases.events(row.id()).stream()
        .filter(e -> "status".equals(e.kind()) || "reopened".equals(e.kind()))
        .map(e -> new StatusChange(CaseStatus.fromCode(e.from()), CaseStatus.fromCode(e.to()),
            e.at()))
        .toList();
    CaseState st = row.state();
    Instant reopenUntil = st.status == CaseStatus.RESOLVED && st.resolvedAt != null
        && now.isBefore(st.resolvedAt.plus(CaseRules.REOPEN_WITHIN))
        ? st.resolvedAt.plus(CaseRules.REOPEN_WITHIN) : null;
    boolean rateable = st.rating == null
        && (st.status == CaseStatus.RESOLVED || st.status == CaseStatus.CLOSED);
    return new CaseDetail(row.view(), messages, callbacks, rateable, reopenUntil,
        row.repeatOf(), st.reopenCount, st.ratingComment, history);
  }

  @Override
  public SupportCase reply(UUID customerId, UUID caseId, String body, String via, Upload file) {
    String channel = "api".equals(via) ? "api" : "web";
    customerReply(caseId, requireCustomer(customerId), body, channel, null, file);
    return cases.byId(caseId).orElseThrow().view();
  }

  @Override
  public Optional<Download> attachmentOf(UUID customerId, UUID caseId, UUID attachmentId) {
    if (customerId == null || cases.ofCustomer(customerId, caseId).isEmpty()) {
      return Optional.empty();
    }
    return thread.attachment(caseId, attachmentId)
        .map(f -> new Download(f.fileName(), f.contentType(), f.content()));
  }

  @Override
  public SupportCase closeByCustomer(UUID customerId, UUID caseId) {
    requireCustomer(customerId);
    return tx.execute(s -> {
      CaseRow row = lockedOwn(caseId, customerId);
      CaseState next = row.state().copy();
      Instant now = now();
      refuse(CaseRules.changeStatus(next, CaseStatus.CLOSED, true, now));
      if (next.status == row.state().status) {
        return row.view();
      }
      cases.save(caseId, next);
      cases.event(caseId, "status", "customer", customerId, row.state().status.code(),
          CaseStatus.CLOSED.code(), now);
      CaseRow saved = withState(row, next);
      notices.statusChanged(saved, CaseStatus.CLOSED, now);
      return saved.view();
    });
  }

  @Override
  public SupportCase reopen(UUID customerId, UUID caseId) {
    requireCustomer(customerId);
    SupportCase same = tx.execute(s -> {
      CaseRow row = lockedOwn(caseId, customerId);
      CaseState next = row.state().copy();
      Instant now = now();
      Move move = CaseRules.reopen(next, policy.of(next.priority), now);
      if (move == Move.NOT_ALLOWED) {
        // Not resolved: it is still open, nothing to reopen.
        throw new OkPayException(ErrorCode.CASE_STATUS_NOT_ALLOWED);
      }
      if (move != Move.OK) {
        return null;
      }
      cases.save(caseId, next);
      cases.event(caseId, "reopened", "customer", customerId, row.state().status.code(),
          next.status.code(), now);
      CaseRow saved = withState(row, next);
      notices.statusChanged(saved, next.status, now);
      return saved.view();
    });
    if (same != null) {
      return same;
    }
    // Closed, or resolved too long ago: a new case that repeats the old one.
    CaseRow old = cases.ofCustomer(customerId, caseId).orElseThrow();
    NewCase repeat = new NewCase(customerId, old.contactEmail(), old.language(), old.category(),
        old.state().priority, repeatSubject(old), null, old.link(), "repeat:" + old.id(),
        "web");
    return openCase(repeat, old.id()).supportCase();
  }

  private static String repeatSubject(CaseRow old) {
    String subject = "Re: " + old.subject() + " (" + old.reference() + ")";
    return subject.length() > SUBJECT_LENGTH_MAX ? subject.substring(0, SUBJECT_LENGTH_MAX)
        : subject;
  }

  @Override
  public SupportCase rate(UUID customerId, UUID caseId, int rating, String comment) {
    requireCustomer(customerId);
    if (rating < 1 || rating > 5) {
      throw FieldErrors.invalid("rating", FieldErrors.OUT_OF_RANGE);
    }
    String text = comment == null || comment.isBlank() ? null : comment.strip();
    if (text != null && text.length() > RATING_COMMENT_LENGTH_MAX) {
      throw FieldErrors.invalid("comment", FieldErrors.TOO_LONG);
    }
    return tx.execute(s -> {
      CaseRow row = lockedOwn(caseId, customerId);
      CaseState next = row.state().copy();
      Instant now = now();
      refuse(CaseRules.rate(next, rating, text, now));
      cases.save(caseId, next);
      cases.event(caseId, "rated", "customer", customerId, null, Integer.toString(rating), now);
      return withState(row, next).view();
    });
  }

  @Override
  public Callback requestCallback(UUID customerId, UUID caseId, String phone,
      Instant windowStart, Instant windowEnd) {
    requireCustomer(customerId);
    Instant now = now();
    FieldErrors errors = new FieldErrors();
    String number = phone == null ? "" : phone.replaceAll("[\\s-]", "");
    if (number.isEmpty()) {
      errors.add("phone", FieldErrors.REQUIRED);
    } else if (!number.matches("\\+[1-9][0-9]{6,14}")) {
      errors.add("phone", FieldErrors.FORMAT);
    }
    if (windowStart == null) {
      errors.add("windowStart", FieldErrors.REQUIRED);
    } else if (!windowStart.isAfter(now)) {
      errors.add("windowStart", FieldErrors.OUT_OF_RANGE);
    }
    if (windowEnd == null) {
      errors.add("windowEnd", FieldErrors.REQUIRED);
    } else if (windowStart != null && !windowEnd.isAfter(windowStart)) {
      errors.add("windowEnd", FieldErrors.BEFORE_FROM);
    } else if (windowEnd.isAfter(now.plus(CALLBACK_AHEAD_MAX))) {
      errors.add("windowEnd", FieldErrors.OUT_OF_RANGE);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return tx.execute(s -> {
      CaseRow row = lockedOwn(caseId, customerId);
      if (row.state().status == CaseStatus.CLOSED) {
        throw new OkPayException(ErrorCode.CASE_CLOSED);
      }
      if (thread.callbacks(caseId).stream().anyMatch(c -> "requested".equals(c.state()))) {
        throw new OkPayException(ErrorCode.CASE_CALLBACK_EXISTS);
      }
      UUID id = UUID.randomUUID();
      thread.addCallback(id, caseId, number, windowStart, windowEnd, now);
      cases.event(caseId, "callback", "customer", customerId, null, "requested", now);
      return new Callback(id, number, windowStart, windowEnd, "requested");
    });
  }

  private static UUID requireCustomer(UUID customerId) {
    if (customerId == null) {
      throw new OkPayException(ErrorCode.CASE_NOT_FOUND);
    }
    return customerId;
  }

  /** @param duplicate the e-mail was taken before; nothing changed */
  public record Reply(CaseMessage message, boolean duplicate) {
  }

  /** Now, to the microsecond PostgreSQL keeps, so a stored moment reads back equal. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private CaseRow locked(UUID caseId) {
    return cases.lock(caseId).orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
  }

  /** The customer's own case, locked; another customer's is not found. */
  CaseRow lockedOwn(UUID caseId, UUID customerId) {
    CaseRow row = locked(caseId);
    if (!row.ownedBy(customerId)) {
      throw new OkPayException(ErrorCode.CASE_NOT_FOUND);
    }
    return row;
  }

  static CaseRow withState(CaseRow r, CaseState s) {
    return new CaseRow(r.id(), r.reference(), r.customerId(), r.contactEmail(), r.language(),
        r.category(), r.subject(), r.link(), r.sourceKey(), r.sourceHash(), r.channel(),
        r.openedAt(), r.repeatOf(), s);
  }

  /** Turns a refused move into its error; OK and UNCHANGED pass. */
  static void refuse(Move move) {
    switch (move) {
      case OK, UNCHANGED -> {
      }
      case CLOSED -> throw new OkPayException(ErrorCode.CASE_CLOSED);
      case NOT_ALLOWED -> throw new OkPayException(ErrorCode.CASE_STATUS_NOT_ALLOWED);
      case REOPEN_WINDOW_PASSED -> throw new OkPayException(ErrorCode.CASE_NOT_REOPENABLE);
      case NOT_RATEABLE -> throw new OkPayException(ErrorCode.CASE_NOT_RATEABLE);
      case ALREADY_RATED -> throw new OkPayException(ErrorCode.CASE_ALREADY_RATED);
      default -> throw new IllegalStateException("unhandled " + move);
    }
  }

  void appendAudit(AuditEvent event) {
    audit.append(event);
  }

  private static String body(String body) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw FieldErrors.invalid("body", FieldErrors.REQUIRED);
    }
    if (text.length() > BODY_LENGTH_MAX) {
      throw FieldErrors.invalid("body", FieldErrors.TOO_LONG);
    }
    return text;
  }

  private static NewCase checked(NewCase r) {
    FieldErrors errors = new FieldErrors();
    String subject = r.subject().strip();
    if (subject.isEmpty()) {
      errors.add("subject", FieldErrors.REQUIRED);
    } else if (subject.length() > SUBJECT_LENGTH_MAX) {
      errors.add("subject", FieldErrors.TOO_LONG);
    }
    if (r.message() != null && r.message().strip().length() > BODY_LENGTH_MAX) {
      errors.add("message", FieldErrors.TOO_LONG);
    }
    String email = r.contactEmail().strip();
    if (email.length() < 3 || email.length() > 254 || !email.contains("@")) {
      errors.add("contactEmail", FieldErrors.FORMAT);
    }
    if (r.link() != null && !LINK_TYPES.contains(r.link().type())) {
      errors.add("link", FieldErrors.UNKNOWN);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    if (r.sourceKey().isBlank() || r.sourceKey().length() > SOURCE_KEY_LENGTH_MAX) {
      throw new IllegalArgumentException("sourceKey must be 1-200 characters");
    }
    if (!CHANNELS.contains(r.channel())) {
      throw new IllegalArgumentException("unknown channel " + r.channel());
    }
    return new NewCase(r.customerId(), email, r.language(), r.category(), r.priority(), subject,
        r.message(), r.link(), r.sourceKey(), r.channel());
  }

  static String language(String language) {
    return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh")
        ? "zh-CN" : "en";
  }

  private static String via(String channel) {
    return switch (channel) {
      case "email", "phone", "api", "system" -> channel;
      default -> "web";
    };
  }

  private static String actorType(NewCase r) {
    return "system".equals(r.channel()) ? "system" : "customer";
  }

  static String hash(NewCase r) {
    String canonical = String.join("\u001f", String.valueOf(r.customerId()), r.category().code(),
        r.priority().code(), r.subject(), String.valueOf(r.message()),
        r.link() == null ? "" : r.link().type() + ":" + r.link().id(), r.channel());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
