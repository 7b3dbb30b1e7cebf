package org.okpay.identity;

import java.util.UUID;

/**
 * The signed-in user of a request, and the session or API token it came with.
 *
 * @param emailVerified unverified users may sign in but get low limits
 */
public record CurrentUser(UUID userId, String email, String displayName, Role role,
    String language, boolean emailVerified, UUID sessionId) {
}
