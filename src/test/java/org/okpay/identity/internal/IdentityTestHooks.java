package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.springframework.stereotype.Component;

/**
 * Test-only shortcuts through identity's own code, for {@code org.okpay.TestUsers}: confirm an
 * address without waiting for the e-mail, and give a role without the admin token. Each one
 * ends in the same call the HTTP endpoint makes ({@link IdentityApi#verifyEmail}, which
 * publishes {@code UserVerified}; {@link UserStore#setRole}), so other modules see what they
 * would see in production. Tests of verification itself must not use this: they read the link
 * from the mailbox over HTTP.
 */
@Component
public final class IdentityTestHooks {

  private final IdentityApi identity;
  private final UserStore users;
  private final EmailTokenStore tokens;
  private final Clock clock;

  IdentityTestHooks(IdentityApi identity, UserStore users, EmailTokenStore tokens, Clock clock) {
    this.identity = identity;
    this.users = users;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The user id of a registered address. */
  public UUID userId(String email) {
    return users.byEmail(email).orElseThrow(() -> new IllegalStateException("no user " + email))
        .id();
  }

  /**
   * Confirms the address as the link in the verification e-mail would: a new link is issued
   * (which kills the mailed one) and used at once.
   */
  public void verify(String email) {
    UUID userId = userId(email);
    String token = Secrets.newToken(AccountRecovery.LINK_TOKEN_BYTES);
    Instant now = clock.instant();
    tokens.issue(Secrets.sha256(token), userId, EmailTokenStore.Purpose.VERIFY_EMAIL, now,
        now.plusSeconds(600));
    if (!identity.verifyEmail(token)) {
      throw new IllegalStateException("verification refused for " + email);
    }
  }

  /** Gives the role, as the support endpoint {@code PUT /api/v1/admin/users/{id}/role} does. */
  public void setRole(UUID userId, Role role) {
    if (!users.setRole(userId, role)) {
      throw new IllegalStateException("no user " + userId);
    }
  }
}
