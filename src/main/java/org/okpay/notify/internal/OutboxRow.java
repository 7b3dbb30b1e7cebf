package org.okpay.notify.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A claimed outbox row: what to deliver, and the claim that lets this instance record the outcome.
 *
 * @param attempts attempts so far, this one included
 * @param claimToken proof of the claim; every update after delivery names it, so an instance whose
 *     lease ran out cannot overwrite what the next claimant did
 */
record OutboxRow(long id, Channel channel, String recipient, Locale locale, String template,
    String variablesJson, String link, int attempts, UUID claimToken, Instant createdAt) {

  enum Channel {
    EMAIL("email"), IN_APP("in_app");

    private final String dbValue;

    Channel(String dbValue) {
      this.dbValue = dbValue;
    }

    String dbValue() {
      return dbValue;
    }

    static Channel fromDb(String value) {
      return switch (value) {
        case "email" -> EMAIL;
        case "in_app" -> IN_APP;
        default -> throw new IllegalStateException("unknown channel " + value);
      };
    }
  }
}
