package org.okpay.identity;

import java.time.Instant;

/** One line of a user's login history. */
public record LoginAttempt(Instant at, String ip, String device, String result, String reason) {
}
