package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user pressed "my account was hacked": the account is frozen and signed out everywhere. The
 * support module opens an urgent case from this event.
 */
public record AccountCompromiseReported(UUID userId, String email, Instant at, String ip) {
}
