package org.okpay.notify;

/**
 * What {@link NotifyApi#email} or {@link NotifyApi#inApp} did.
 *
 * @param outboxId the outbox row that carries the notification (the existing one for a
 *     duplicate)
 * @param outcome whether a row was written
 */
public record EnqueueResult(long outboxId, Outcome outcome) {

  public enum Outcome {
    /** A new outbox row was written. */
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
