package org.okpay.notify;

import java.util.List;

/**
 * Tells people things: by e-mail and inside OKPay.
 *
 * <h2>The caller's transaction</h2>
 * {@link #email} only writes one row to the outbox table, and {@link #inApp} one row to the
 * notifications table, rendered in the user's language ({@link #enqueueAll} one per request,
 * with one statement per table), with the same {@code JdbcClient} (and so the same
 * Spring-managed connection) every module uses. Called inside a caller's {@code @Transactional}
 * method (or {@code TransactionTemplate}), that row commits or rolls back together with the
 * caller's own rows: "password changed" is never e-mailed or shown for a change that rolled back,
 * and a committed change is never left without its notice. An in-app notification is visible to
 * its user from the commit on. Nothing is sent before the commit; a dispatcher delivers
 * committed e-mails shortly after (it is woken when the transaction commits, and polls as a
 * fallback). Called outside a transaction, the row commits at once. The ledger's batched writer
 * uses its own connections, so a ledger transfer and a notice are not atomic with each other;
 * enqueue from the code that reacts to the transfer's result.
 *
 * <h2>Delivery</h2>
 * E-mails: at least once, retried with exponential backoff up to a bounded number of attempts,
 * then marked failed. Several instances never deliver the same row twice while they run
 * normally; an instance that dies between handing an e-mail to the SMTP server and recording it
 * may cause one repeat after its lease ends (no protocol can rule that out with SMTP). In-app
 * notifications are written exactly once (those still in the outbox from before they were
 * written directly are delivered from there, also exactly once).
 *
 * <h2>Dedup keys</h2>
 * A request with a {@code dedupKey} that was already used on the same channel is not written
 * again: the result names the existing row and says whether the two requests were the same.
 * E-mail keys are kept as long as their outbox row: once it is delivered or failed, 30 days after
 * it was enqueued by default ({@code okpay.notify.retention}); in-app keys as long as their
 * notification ({@code okpay.notify.notification-retention}, 365 days by default).
 *
 * <p>Arguments that break the documented limits are programmer errors and throw
 * {@link IllegalArgumentException}; nothing is written then.
 */
public interface NotifyApi {

  /** Most notifications one {@link #notifications} call returns. */
  int NOTIFICATIONS_LIMIT_MAX = 100;

  /** Queues an e-mail in the caller's transaction. */
  EnqueueResult email(EmailRequest request);

  /** Writes an in-app notification in the caller's transaction. */
  EnqueueResult inApp(InAppRequest request);

  /** Most notices one {@link #enqueueAll} call takes. */
  int ENQUEUE_ALL_MAX = 100;

  /**
   * Queues several notices in the caller's transaction with one statement for the e-mails and one
   * for the in-app notifications (plus one more for each only when some dedup key was already
   * used), as {@link #email} and {@link #inApp} would one by one:
   * same rows, same dedup keys, same transaction. For the notices of one event (a payment's
   * "sent", "received" and its e-mail), which would otherwise cost a round trip each inside the
   * caller's transaction. The results are in the order of {@code requests}; a dedup key repeated
   * within the call counts as used by its first request. Every request is checked before anything
   * is written: one outside the limits throws and nothing is queued. At most
   * {@link #ENQUEUE_ALL_MAX} requests.
   */
  List<EnqueueResult> enqueueAll(List<? extends NoticeRequest> requests);

  /** The user's newest notifications first, at most {@code limit} (1..100). */
  List<Notification> notifications(String userId, int limit);

  /** How many of the user's notifications are unread. */
  long unreadCount(String userId);

  /**
   * Marks one of the user's own notifications read. Another user's notification, or an id that
   * does not exist, is {@link MarkReadResult#NOT_FOUND} and nothing changes.
   */
  MarkReadResult markRead(String userId, long notificationId);

  /**
   * How many queued messages are late: still waiting {@code lateAfter} after they were queued.
   * Counting stops at {@code cap}, which keeps the scan short when the answer is "many".
   */
  int lateCount(java.time.Duration lateAfter, int cap);

  /** Marks all the user's notifications read; returns how many were unread. */
  int markAllRead(String userId);
}
