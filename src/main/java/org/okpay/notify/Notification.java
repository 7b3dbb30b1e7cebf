package org.okpay.notify;

import java.time.Instant;

/**
 * An in-app notification as its user sees it; title and body are in the language the request
 * asked for.
 *
 * @param link a path inside OKPay, or null
 * @param readAt when it was marked read, or null while unread
 */
public record Notification(long id, String userId, InAppTemplate template, String title,
    String body, String link, Instant createdAt, Instant readAt) {

  public boolean read() {
    return readAt != null;
  }
}
