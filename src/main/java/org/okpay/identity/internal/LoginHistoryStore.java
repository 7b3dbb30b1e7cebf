package org.okpay.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.LoginAttempt;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** identity.login_attempts: every sign-in attempt, for the user's history and for lockout. */
@Component
class LoginHistoryStore {

  /** Distinct user agents read per user: far more than one person's browsers and apps. */
  static final int USER_AGENTS_MAX = 1_000;

  private final JdbcClient jdbc;

  LoginHistoryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(UUID userId, String email, Instant at, String ip, String userAgent, String result,
      String reason) {
    jdbc.sql("""
        insert into identity.login_attempts (user_id, email, at, ip, user_agent, result, reason)
        values (:user, :email, :at, :ip, :ua, :result, :reason)
        """)
        .param("user", userId).param("email", email).param("at", UserStore.utc(at))
        .param("ip", ip).param("ua", userAgent).param("result", result).param("reason", reason)
        .update();
  }

  /** Failures of one kind (a login-history reason) since {@code since}. */
  int failuresSince(UUID userId, Instant since, String reason) {
    return jdbc.sql("""
        select count(*) from identity.login_attempts
         where user_id = :user and result = 'failure' and reason = :reason and at > :since
        """).param("user", userId).param("reason", reason).param("since", UserStore.utc(since))
        .query(Integer.class).single();
  }

  /** Failed attempts (wrong password or while locked) since {@code since}. */
  int failuresSince(UUID userId, Instant since) {
    return jdbc.sql("""
        select count(*) from identity.login_attempts
         where user_id = :user and result = 'failure' and at > :since
        """).param("user", userId).param("since", UserStore.utc(since))
        .query(Integer.class).single();
  }

  /**
   * Whether a sign-in from this device deserves a "new device" alert: the user signed in before,
   * but never from a device described the same way (among the last 200 successful sign-ins).
   */
  boolean isNewDevice(UUID userId, String device) {
    List<String> agents = jdbc.sql("""
        select user_agent from identity.login_attempts
         where user_id = :user and result = 'success' order by at desc limit 200
        """).param("user", userId).query(String.class).list();
    return !agents.isEmpty() && agents.stream().map(Devices::describe).noneMatch(device::equals);
  }

  /**
   * Whether the session's device signed in successfully for the first time after {@code since},
   * while another device signed in before it (the user's very first device is not "new"). One
   * round trip: the session's user agent, and when each user agent first signed in.
   */
  boolean sessionOnNewDevice(UUID userId, UUID sessionId, Instant since) {
    List<FirstSeen> seen = jdbc.sql("""
        select (select user_agent from identity.sessions
                 where id = :session and user_id = :user) as current,
               user_agent, min(at) as first
          from identity.login_attempts
         where user_id = :user and result = 'success'
         group by user_agent
         limit :max
        """).param("user", userId).param("session", sessionId).param("max", USER_AGENTS_MAX)
        .query((rs, n) -> new FirstSeen(rs.getString("current"), rs.getString("user_agent"),
            rs.getObject("first", OffsetDateTime.class).toInstant())).list();
    return newDevice(seen, since);
  }

  /**
   * {@link #sessionOnNewDevice}'s facts, whether the user is frozen and whether two-factor
   * sign-in is on, in one statement (a payment's guards ask all three).
   */
  PayerRead payerRead(UUID userId, UUID sessionId) {
    boolean[] frozenAndTwoFactor = new boolean[2];
    List<FirstSeen> seen = new java.util.ArrayList<>();
    jdbc.sql("""
        select u.frozen_at is not null as frozen,
               exists (select 1 from identity.two_factor f
                        where f.user_id = u.id and f.enabled_at is not null) as two_factor,
               (select user_agent from identity.sessions
                 where id = :session and user_id = u.id) as current,
               a.user_agent, a.first
          from identity.users u
          left join lateral (
            select user_agent, min(at) as first from identity.login_attempts
             where user_id = u.id and result = 'success'
             group by user_agent
             limit :max) a on true
         where u.id = :user
        """).param("user", userId).param("session", sessionId).param("max", USER_AGENTS_MAX)
        .query(rs -> {
          frozenAndTwoFactor[0] = rs.getBoolean("frozen");
          frozenAndTwoFactor[1] = rs.getBoolean("two_factor");
          OffsetDateTime first = rs.getObject("first", OffsetDateTime.class);
          if (first != null) {
            seen.add(new FirstSeen(rs.getString("current"), rs.getString("user_agent"),
                first.toInstant()));
          }
        });
    Device device = device(seen);
    return new PayerRead(frozenAndTwoFactor[0], frozenAndTwoFactor[1], device.first(),
        device.othersBefore());
  }

  /**
   * What {@link #payerRead} found, before the new-device window is applied.
   *
   * @param deviceFirstSeen the first successful sign-in from the session's device; null when
   *     the session or its device has none
   * @param othersBefore another device signed in before that
   */
  record PayerRead(boolean frozen, boolean twoFactor, Instant deviceFirstSeen,
      boolean othersBefore) {

    /** The facts at a moment whose new-device window began at {@code since}. */
    org.okpay.identity.IdentityApi.PayerFacts at(Instant since) {
      return new org.okpay.identity.IdentityApi.PayerFacts(frozen, twoFactor,
          othersBefore && deviceFirstSeen != null && deviceFirstSeen.isAfter(since));
    }

    /**
     * Whether later sign-ins leave the device facts as they are: once the session's device has
     * signed in, a later sign-in comes later than its first one, so neither its first sighting
     * nor which devices came before it can change (sign-ins are never deleted).
     */
    boolean settled() {
      return deviceFirstSeen != null;
    }
  }

  private static boolean newDevice(List<FirstSeen> seen, Instant since) {
    Device device = device(seen);
    return device.first() != null && device.first().isAfter(since) && device.othersBefore();
  }

  /** When the session's device first signed in, and whether another device did before it. */
  private static Device device(List<FirstSeen> seen) {
    if (seen.isEmpty() || seen.getFirst().current() == null) {
      return new Device(null, false);
    }
    Map<String, Instant> firstByDevice = new HashMap<>();
    seen.forEach(s -> firstByDevice.merge(Devices.describe(s.agent()), s.first(),
        (a, b) -> a.isBefore(b) ? a : b));
    String device = Devices.describe(seen.getFirst().current());
    Instant first = firstByDevice.get(device);
    boolean othersBefore = first != null && firstByDevice.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals(device) && e.getValue().isBefore(first));
    return new Device(first, othersBefore);
  }

  private record Device(Instant first, boolean othersBefore) {
  }

  private record FirstSeen(String current, String agent, Instant first) {
  }

  List<LoginAttempt> recent(UUID userId, int limit) {
    return jdbc.sql("""
        select at, ip, user_agent, result, reason from identity.login_attempts
         where user_id = :user order by at desc, id desc limit :limit
        """).param("user", userId).param("limit", limit)
        .query((rs, n) -> new LoginAttempt(rs.getObject("at", OffsetDateTime.class).toInstant(),
            rs.getString("ip"), Devices.describe(rs.getString("user_agent")), rs.getString("result"),
            rs.getString("reason")))
        .list();
  }
}
