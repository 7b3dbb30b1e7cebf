package org.okpay.support;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.TransactionView;

/**
 * The agent console's cases: the queue by SLA due time, one case with its whole thread (internal
 * notes too), and the agent's actions on it. Every action is done as the signed-in agent or
 * admin (or the operator token) and appended to the audit log; the case's state machine, SLA
 * clocks and customer notices are the cases part's, called from here.
 */
public interface AgentCasesApi {

  int QUEUE_PAGE_MAX = 100;
  /** Pages beyond this are not served: narrow the filters instead. */
  int QUEUE_OFFSET_MAX = 10_000;
  int REASON_MAX = 500;

  /**
   * The queue, breached cases first, then by the soonest due moment (answer-by or resolve-by,
   * whichever comes first; cases waiting on the customer, paused, after the running ones).
   */
  QueuePage queue(QueueFilter filter, int offset, int limit);

  /** One case for agents; empty for an unknown id. */
  Optional<CaseDetail> detail(UUID caseId);

  /**
   * A public reply: e-mailed to the customer with the thread, in-app too. {@code status}
   * {@code waiting_on_customer} (the default) or {@code resolved}; {@code cannedReplyId}, when
   * given and {@code body} is blank, sends that canned reply filled for the case.
   */
  Message reply(UUID caseId, String body, UUID cannedReplyId, CaseStatus status);

  /** An internal note: agents only, never shown to the customer nor e-mailed. */
  Message note(UUID caseId, String body);

  SupportCase changeStatus(UUID caseId, CaseStatus status, String reason);

  SupportCase changePriority(UUID caseId, CasePriority priority, String reason);

  /**
   * Assigns the case: to {@code assigneeId} (an agent or admin), to the caller when
   * {@code assigneeId} is null and {@code toMe}, or to nobody.
   */
  SupportCase assign(UUID caseId, UUID assigneeId, boolean toMe, String reason);

  /**
   * Records how a requested call-back ended: {@code done} (the agent called) or not
   * ({@code canceled}); {@code validation_failed} on {@code callbackId} when the case has no such
   * call-back waiting.
   */
  void finishCallback(UUID caseId, UUID callbackId, boolean done);

  /** A file of the case's thread, to download (never shown inline); empty when unknown. */
  Optional<SupportApi.Download> attachment(UUID caseId, UUID attachmentId);

  /** The canned reply's text in the case's language with its placeholders filled. */
  String cannedText(UUID caseId, UUID cannedReplyId);

  /**
   * @param category null: any
   * @param priority null: any
   * @param status null: the active ones (open, waiting on agent, waiting on customer)
   * @param breach null: any; {@code warning} (80 % used) or {@code breached}
   * @param mine only cases assigned to the caller
   */
  record QueueFilter(CaseCategory category, CasePriority priority, CaseStatus status,
      String breach, boolean mine) {

    public static QueueFilter all() {
      return new QueueFilter(null, null, null, null, false);
    }
  }

  /** @param more another page follows */
  record QueuePage(List<QueueItem> items, int offset, int limit, boolean more) {
  }

  /**
   * One line of the queue.
   *
   * @param dueAt the soonest running target (answer-by or resolve-by); null while paused or done
   * @param dueKind {@code answer} or {@code resolve}, which target {@code dueAt} is
   * @param assigneeName who has it, null when nobody
   * @param callback the case's open call-back request, null when none
   */
  record QueueItem(SupportCase supportCase, Instant dueAt, String dueKind, String customerName,
      String assigneeName, Callback callback) {
  }

  /** A call-back the customer asked for: the number (E.164) and the window. */
  record Callback(UUID id, String phone, Instant windowStart, Instant windowEnd, String state) {
  }

  /**
   * One message of the thread.
   *
   * @param authorType customer, agent or system
   * @param authorName the agent's or customer's name, when known
   * @param internal an agent's note (never shown to the customer)
   * @param via web, email, phone, api or system
   */
  record Message(UUID id, String authorType, String authorName, String body, boolean internal,
      String via, Instant createdAt, List<Attachment> attachments) {
  }

  record Attachment(UUID id, String fileName, String contentType, int sizeBytes) {
  }

  /** Something that happened to the case besides messages (status, priority, SLA, ...). */
  record Event(String kind, String actorType, String from, String to, Instant at) {
  }

  /**
   * @param customerName the account's name, null for a case opened while signed out
   * @param phone the account's confirmed phone number (E.164), null if none
   */
  record Contact(UUID customerId, String email, String customerName, String phone,
      String language) {
  }

  /**
   * Everything an agent needs on one page.
   *
   * @param language the case's language (its e-mails, the canned replies it takes)
   * @param transaction the linked transaction as its customer sees it, with its tracker steps;
   *     null when the link is something else or none
   */
  record CaseDetail(SupportCase supportCase, String language, Contact contact, String assigneeName,
      List<Message> thread, List<Event> events, List<Callback> callbacks,
      TransactionView transaction) {
  }
}
