package org.okpay.notify;

/** What {@link NotifyApi#markRead} did. */
public enum MarkReadResult {
  /** It was unread and is read now. */
  MARKED,
  /** It was read already; nothing changed. */
  ALREADY_READ,
  /** The user has no notification with that id (it may be someone else's); nothing changed. */
  NOT_FOUND
}
