package org.okpay.identity;

import java.time.Instant;
import java.util.UUID;

/** A live session or API token, as its owner sees it in "sessions and devices". */
public record SessionView(UUID id, String kind, String device, String ip, Instant createdAt,
    Instant lastSeenAt, Instant expiresAt, boolean current) {
}
