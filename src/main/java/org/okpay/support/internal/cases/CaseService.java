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
import org.springframework.beans.factory.ObjectProvider;
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
  static final Set<String> CHANNELS = Set.of("web", "api", "email", "phone", "system");
  static final Set<String> LINK_TYPES = Set.of("transaction", "refund", "refund_request",
      "dispute", "complaint");

  private final CaseStore cases;
  private final ThreadStore thread;
  private final CaseNotices notices;
  private final SlaPolicy policy;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ObjectProvider<AuditApi> audit;

  CaseService(CaseStore cases, ThreadStore thread, CaseNotices notices, SlaPolicy policy,
      TransactionTemplate tx, Clock clock, ObjectProvider<AuditApi> audit) {
    this.cases = cases;
    this.thread = thread;
    this.notices = notices;
    this.policy = policy;
    this.tx = tx;
    this.clock = clock;
    this.audit = audit;
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
      Instant now = clock.instant();
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
      Instant now = clock.instant();
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

  /** An agent's internal note: never shown to the customer, moves nothing. */
  public CaseMessage internalNote(UUID caseId, UUID agentId, String body) {
    String text = body(body);
    return tx.execute(s -> {
      CaseRow row = locked(caseId);
      Instant now = clock.instant();
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
      Instant now = clock.instant();
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
      Instant now = clock.instant();
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
      Instant now = clock.instant();
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
    String text = body(body);
    if (emailMessageId != null && thread.emailSeen(emailMessageId)) {
      return new Reply(null, true);
    }
    return tx.execute(s -> {
      CaseRow row = customerId == null ? locked(caseId) : lockedOwn(caseId, customerId);
      CaseState next = row.state().copy();
      Instant now = clock.instant();
      refuse(CaseRules.customerMessage(next, policy.of(next.priority), now));
      CaseMessage m = new CaseMessage(UUID.randomUUID(), caseId, "customer", row.customerId(),
          text, false, via, emailMessageId, now);
      if (!thread.addMessage(m)) {
        return new Reply(null, true);
      }
      cases.save(caseId, next);
      if (row.state().status != next.status) {
        String kind = row.state().status == CaseStatus.RESOLVED ? "reopened" : "status";
        cases.event(caseId, kind, "customer", row.customerId(), row.state().status.code(),
            next.status.code(), now);
      }
      return new Reply(m, false);
    });
  }

  /** @param duplicate the e-mail was taken before; nothing changed */
  public record Reply(CaseMessage message, boolean duplicate) {
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
    AuditApi api = audit.getIfAvailable();
    if (api != null) {
      api.append(event);
    }
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
