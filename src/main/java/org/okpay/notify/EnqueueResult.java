package org.okpay.notify;

/**
 * What {@link NotifyApi#email} or {@link NotifyApi#inApp} did.
 *
 * @param outboxId the number the notice was enqueued under (the existing one for a duplicate):
 *     an e-mail's outbox row; for an in-app notification, the number its list is ordered by,
 *     drawn from the outbox's sequence (so one number never names two notices), which is not
 *     {@link Notification#id()}
 * @param outcome whether a row was written
 */
public record EnqueueResult(long outboxId, Outcome outcome) {

  public enum Outcome {
    /** A new row was written (an outbox row, or an in-app notification). */
    ENQUEUED,
    /** The dedup key was already used for the same request; nothing was written. */
    ALREADY_ENQUEUED,
    /**
     * The dedup key was already used for a different request (recipient, language, template,
     * variables or link differ); nothing was written. Usually a bug in how the key is made.
     */
    DEDUP_KEY_REUSED
  }

  public boolean enqueued() {
    return outcome == Outcome.ENQUEUED;
  }
}
