package org.okpay.identity;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The signed-in user of a request, and the session or API token it came with.
 *
 * @param emailVerified unverified users may sign in but get low limits
 * @param country the user's country (ISO 3166 alpha-2, e.g. {@code CN}), as given at
 *     registration; null where a caller built the user without one. Phone numbers typed without
 *     a country code are read in it.
 * @param timeZone the zone pages, e-mails and exports write the user's times in (the API stays
 *     UTC); null where a caller built the user without one, read as UTC by {@link #zone()}
 */
public record CurrentUser(UUID userId, String email, String displayName, Role role,
    String language, boolean emailVerified, UUID sessionId, String country, ZoneId timeZone)
    implements org.okpay.shared.ReadYourWritesSubject {

  /** The user, whatever the session: read-your-writes on the read replica follows the user. */
  @Override
  public String readYourWritesKey() {
    return "user:" + userId;
  }

  /** A user without a known time zone (kept so that callers from before zones compile). */
  public CurrentUser(UUID userId, String email, String displayName, Role role, String language,
      boolean emailVerified, UUID sessionId, String country) {
    this(userId, email, displayName, role, language, emailVerified, sessionId, country, null);
  }

  /** The user's time zone; UTC when none is known. */
  public ZoneId zone() {
    return timeZone == null ? ZoneOffset.UTC : timeZone;
  }

  /** A user without a known country (kept so that callers from before the country compile). */
  public CurrentUser(UUID userId, String email, String displayName, Role role, String language,
      boolean emailVerified, UUID sessionId) {
    this(userId, email, displayName, role, language, emailVerified, sessionId, null, null);
  }
}
