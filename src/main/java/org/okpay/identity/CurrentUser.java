package org.okpay.identity;

import java.util.UUID;

/**
 * The signed-in user of a request, and the session or API token it came with.
 *
 * @param emailVerified unverified users may sign in but get low limits
 * @param country the user's country (ISO 3166 alpha-2, e.g. {@code CN}), as given at
 *     registration; null where a caller built the user without one. Phone numbers typed without
 *     a country code are read in it.
 */
public record CurrentUser(UUID userId, String email, String displayName, Role role,
    String language, boolean emailVerified, UUID sessionId, String country) {

  /** A user without a known country (kept so that callers from before the country compile). */
  public CurrentUser(UUID userId, String email, String displayName, Role role, String language,
      boolean emailVerified, UUID sessionId) {
    this(userId, email, displayName, role, language, emailVerified, sessionId, null);
  }
}
