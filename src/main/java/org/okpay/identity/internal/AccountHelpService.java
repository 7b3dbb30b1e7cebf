package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.AccountHelpApi;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The help center's questions to identity (see {@link AccountHelpApi}). */
@Service
class AccountHelpService implements AccountHelpApi {

  private static final Duration LIMIT_WINDOW = Duration.ofMinutes(1);
  /** Link shape: 32 random bytes, URL-safe base64 without padding. */
  private static final int TOKEN_LENGTH_MAX = 64;

  private final JdbcClient jdbc;
  private final UserStore users;
  private final AntiPhishing phrases;
  private final SignedOutFreeze freeze;
  private final IpRateLimiter limiter;
  private final IdentityProperties rules;
  private final Clock clock;

  AccountHelpService(JdbcClient jdbc, UserStore users, AntiPhishing phrases,
      SignedOutFreeze freeze, IpRateLimiter limiter, IdentityProperties rules, Clock clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.phrases = phrases;
    this.freeze = freeze;
    this.limiter = limiter;
    this.rules = rules;
    this.clock = clock;
  }

  @Override
  public SignInLock signInLock(UUID userId) {
    return users.byId(userId).map(u -> lock(u.lockedUntil(), u.lockedHard()))
        .orElse(SignInLock.NONE);
  }

  @Override
  public SignInLock signInLockOf(String email, String ip) {
    limiter.acquire("help-lock", ip, rules.loginsPerMinutePerIp(), LIMIT_WINDOW);
    String address = wellFormed(email);
    // One query for both tables, so an address with an account is not slower to answer.
    // A registered address's own row wins over a lock it collected before it was registered.
    return jdbc.sql("""
        select locked_until, locked_hard from (
          select 0 as rank, locked_until, locked_hard from identity.users where lower(email) = :e
          union all
          select 1, locked_until, locked_hard from identity.unknown_address_lockouts
           where email = :e) l
         order by rank limit 1
        """).param("e", address).query((rs, n) -> {
          OffsetDateTime until = rs.getObject("locked_until", OffsetDateTime.class);
          return lock(until == null ? null : until.toInstant(), rs.getBoolean("locked_hard"));
        }).optional().orElse(SignInLock.NONE);
  }

  private SignInLock lock(Instant until, boolean hard) {
    if (hard) {
      return new SignInLock(true, null, true);
    }
    return until != null && clock.instant().isBefore(until)
        ? new SignInLock(true, until, false) : SignInLock.NONE;
  }

  @Override
  public void requestFreezeLink(String email, String ip) {
    limiter.acquire("freeze-link", ip, rules.resetsPerMinutePerIp(), LIMIT_WINDOW);
    freeze.submit(wellFormed(email), ip);
  }

  @Override
  public boolean freezeLinkValid(String token) {
    return validShape(token) && freeze.valid(token);
  }

  @Override
  public void freezeWithLink(String token, String ip) {
    limiter.acquire("freeze-link", ip, rules.resetsPerMinutePerIp(), LIMIT_WINDOW);
    if (!validShape(token)) {
      throw new OkPayException(ErrorCode.LINK_EXPIRED);
    }
    freeze.freeze(token, ip);
  }

  @Override
  public Optional<String> antiPhishingPhrase(UUID userId) {
    return phrases.of(userId);
  }

  @Override
  public String setAntiPhishingPhrase(CurrentUser user, String phrase) {
    return phrases.set(user.userId(), phrase);
  }

  @Override
  public boolean clearAntiPhishingPhrase(CurrentUser user) {
    return phrases.clear(user.userId());
  }

  /** The address normalized, or {@code validation_failed} on {@code email}: the same for all. */
  private static String wellFormed(String email) {
    String address = RegistrationRules.email(email);
    if (address.isEmpty()) {
      throw FieldErrors.invalid("email", FieldErrors.REQUIRED);
    }
    if (!RegistrationRules.wellFormed(address)) {
      throw FieldErrors.invalid("email", FieldErrors.FORMAT);
    }
    return address;
  }

  private static boolean validShape(String token) {
    return token != null && !token.isEmpty() && token.length() <= TOKEN_LENGTH_MAX
        && token.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_');
  }
}
