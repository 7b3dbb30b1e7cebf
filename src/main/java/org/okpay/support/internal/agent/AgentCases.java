package org.okpay.support.internal.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.AgentCasesApi;
import org.okpay.support.CannedRepliesApi;
import org.okpay.support.CasePriority;
import org.okpay.support.CaseStatus;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseMessage;
import org.okpay.support.internal.cases.CaseService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The agent console over the cases part's {@link CaseService}: the queue and a case's page are
 * reads; every action runs in one transaction with its audit row (the cases part appends its own
 * for status and priority moves, this class for replies, notes and assignment), so an action and
 * its audit row commit together or not at all.
 */
@Service
class AgentCases implements AgentCasesApi {

  private final CaseService cases;
  private final QueueStore queue;
  private final CannedRepliesApi canned;
  private final IdentityApi identity;
  private final PaymentsApi payments;
  private final AuditApi audit;
  private final TransactionTemplate tx;

  AgentCases(CaseService cases, QueueStore queue, CannedRepliesApi canned, IdentityApi identity,
      PaymentsApi payments, AuditApi audit, PlatformTransactionManager transactions) {
    this.cases = cases;
    this.queue = queue;
    this.canned = canned;
    this.identity = identity;
    this.payments = payments;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
  }

  @Override
  public QueuePage queue(QueueFilter filter, int offset, int limit) {
    if (limit < 1 || limit > QUEUE_PAGE_MAX) {
      throw FieldErrors.invalid("limit", FieldErrors.OUT_OF_RANGE);
    }
    if (offset < 0 || offset > QUEUE_OFFSET_MAX) {
      throw FieldErrors.invalid("offset", FieldErrors.OUT_OF_RANGE);
    }
    if (filter.breach() != null && !filter.breach().matches("warning|breached")) {
      throw FieldErrors.invalid("breach", FieldErrors.UNKNOWN);
    }
    StaffActor me = actor();
    List<QueueStore.Row> rows = queue.page(filter, me.userId(), offset, limit + 1);
    boolean more = rows.size() > limit;
    List<QueueStore.Row> shown = more ? rows.subList(0, limit) : rows;
    Map<UUID, Callback> callbacks = queue.requestedCallbacks(
        shown.stream().map(QueueStore.Row::caseId).toList());
    Map<UUID, String> names = new HashMap<>();
    List<QueueItem> items = new ArrayList<>();
    for (QueueStore.Row row : shown) {
      Optional<SupportCase> c = cases.anyCase(row.caseId());
      c.ifPresent(sc -> items.add(new QueueItem(sc, row.dueAt(), row.dueKind(),
          name(row.customerId(), names), name(row.assigneeId(), names),
          callbacks.get(row.caseId()))));
    }
    return new QueuePage(List.copyOf(items), offset, limit, more);
  }

  @Override
  public Optional<CaseDetail> detail(UUID caseId) {
    Optional<SupportCase> found = cases.anyCase(caseId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SupportCase c = found.get();
    QueueStore.Extra extra = queue.extra(caseId).orElseThrow();
    Map<UUID, String> names = new HashMap<>();
    Map<UUID, List<Attachment>> files = new HashMap<>();
    cases.attachments(caseId).forEach(a -> files.computeIfAbsent(a.messageId(),
        k -> new ArrayList<>()).add(new Attachment(a.id(), a.fileName(), a.contentType(),
            a.sizeBytes())));
    List<Message> thread = cases.thread(caseId, true).stream()
        .map(m -> message(m, names, files.getOrDefault(m.id(), List.of()))).toList();
    List<Event> events = cases.events(caseId).stream()
        .map(e -> new Event(e.kind(), e.actorType(), e.from(), e.to(), e.at())).toList();
    return Optional.of(new CaseDetail(c, extra.language(), contact(c, extra.language()),
        name(extra.assigneeId(), names), thread, events, queue.callbacks(caseId),
        transaction(c)));
  }

  @Override
  public Message reply(UUID caseId, String body, UUID cannedReplyId, CaseStatus status) {
    CaseStatus next = status == null ? CaseStatus.WAITING_ON_CUSTOMER : status;
    if (next != CaseStatus.WAITING_ON_CUSTOMER && next != CaseStatus.RESOLVED) {
      throw FieldErrors.invalid("status", FieldErrors.INVALID);
    }
    String text = body == null || body.isBlank()
        ? cannedReplyId == null ? "" : cannedText(caseId, cannedReplyId) : body;
    StaffActor actor = actor();
    return tx.execute(s -> {
      CaseMessage m = cases.agentReply(caseId, actor.userId(), text, next);
      Map<String, String> details = new HashMap<>();
      details.put("status", next.code());
      details.put("message", m.id().toString());
      if (cannedReplyId != null) {
        details.put("cannedReply", cannedReplyId.toString());
      }
      append(actor, "support.case_replied", caseId, null, details);
      return message(m, new HashMap<>(), List.of());
    });
  }

  @Override
  public Message note(UUID caseId, String body) {
    StaffActor actor = actor();
    return tx.execute(s -> {
      CaseMessage m = cases.internalNote(caseId, actor.userId(), body);
      append(actor, "support.case_note", caseId, null, Map.of("message", m.id().toString()));
      return message(m, new HashMap<>(), List.of());
    });
  }

  @Override
  public SupportCase changeStatus(UUID caseId, CaseStatus status, String reason) {
    if (status == null) {
      throw FieldErrors.invalid("status", FieldErrors.REQUIRED);
    }
    String why = reason(reason);
    StaffActor actor = actor();
    // The cases part appends support.case_status with the reason in the same transaction.
    return cases.changeStatus(caseId, actor.userId(), status, why);
  }

  @Override
  public SupportCase changePriority(UUID caseId, CasePriority priority, String reason) {
    if (priority == null) {
      throw FieldErrors.invalid("priority", FieldErrors.REQUIRED);
    }
    String why = reason(reason);
    StaffActor actor = actor();
    return cases.changePriority(caseId, actor.userId(), priority, why);
  }

  @Override
  public SupportCase assign(UUID caseId, UUID assigneeId, boolean toMe, String reason) {
    StaffActor actor = actor();
    UUID to = assigneeId != null ? assigneeId : toMe ? actor.userId() : null;
    if (to != null && identity.contact(to).isEmpty()) {
      throw FieldErrors.invalid("assigneeId", FieldErrors.UNKNOWN);
    }
    String why = reason == null || reason.isBlank() ? null : reason(reason);
    return tx.execute(s -> {
      SupportCase c = cases.assign(caseId, actor.userId(), to);
      append(actor, "support.case_assigned", caseId, why,
          Map.of("to", to == null ? "nobody" : to.toString()));
      return c;
    });
  }

  @Override
  public void finishCallback(UUID caseId, UUID callbackId, boolean done) {
    StaffActor actor = actor();
    tx.executeWithoutResult(s -> {
      if (!cases.finishCallback(caseId, callbackId, actor.userId(), done)) {
        throw FieldErrors.invalid("callbackId", FieldErrors.UNKNOWN);
      }
      append(actor, "support.callback_" + (done ? "done" : "canceled"), caseId, null,
          Map.of("callback", callbackId.toString()));
    });
  }

  @Override
  public Optional<SupportApi.Download> attachment(UUID caseId, UUID attachmentId) {
    return cases.attachment(caseId, attachmentId)
        .map(f -> new SupportApi.Download(f.fileName(), f.contentType(), f.content()));
  }

  @Override
  public String cannedText(UUID caseId, UUID cannedReplyId) {
    SupportCase c = cases.anyCase(caseId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CASE_NOT_FOUND));
    CannedRepliesApi.CannedReply reply = canned.find(cannedReplyId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CANNED_REPLY_NOT_FOUND));
    String language = queue.extra(caseId).map(QueueStore.Extra::language).orElse("en");
    Map<String, String> values = new HashMap<>();
    values.put("reference", c.reference());
    values.put("subject", c.subject());
    values.put("name", c.customerId() == null ? c.contactEmail()
        : identity.contact(c.customerId()).map(IdentityApi.Contact::displayName)
            .orElse(c.contactEmail()));
    values.put("agent", actor().name());
    return CannedRepliesApi.fill(reply.body(language), values);
  }

  private void append(StaffActor actor, String action, UUID caseId, String reason,
      Map<String, String> details) {
    audit.append(new AuditEvent(action, actor.actorType(), actor.actorId(), "case",
        caseId.toString(), reason, details));
  }

  private Contact contact(SupportCase c, String language) {
    if (c.customerId() == null) {
      return new Contact(null, c.contactEmail(), null, null, language);
    }
    return identity.contact(c.customerId())
        .map(u -> new Contact(u.userId(), c.contactEmail(), u.displayName(), u.phone(),
            language))
        .orElse(new Contact(c.customerId(), c.contactEmail(), null, null, language));
  }

  /** The linked transaction as its customer sees it (the tracker), when the case has one. */
  private TransactionView transaction(SupportCase c) {
    if (c.link() == null || c.customerId() == null || !"transaction".equals(c.link().type())) {
      return null;
    }
    return payments.transaction(c.customerId(), c.link().id()).orElse(null);
  }

  private Message message(CaseMessage m, Map<UUID, String> names, List<Attachment> files) {
    String author = "system".equals(m.authorType()) ? null : name(m.authorId(), names);
    return new Message(m.id(), m.authorType(), author, m.body(), m.internal(), m.via(),
        m.createdAt(), List.copyOf(files));
  }

  private String name(UUID userId, Map<UUID, String> names) {
    if (userId == null) {
      return null;
    }
    return names.computeIfAbsent(userId, id -> identity.contact(id)
        .map(IdentityApi.Contact::displayName).orElse(null));
  }

  private static String reason(String reason) {
    String text = reason == null ? "" : reason.strip();
    if (text.isEmpty()) {
      throw FieldErrors.invalid("reason", FieldErrors.REQUIRED);
    }
    if (text.length() > REASON_MAX) {
      throw FieldErrors.invalid("reason", FieldErrors.TOO_LONG);
    }
    return text;
  }

  private StaffActor actor() {
    return StaffActor.of(identity);
  }
}
