package org.okpay.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.LoginAttempt;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** identity.login_attempts: every sign-in attempt, for the user's history and for lockout. */
@Component
class LoginHistoryStore {

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
   * Whether {@code device} signed in successfully for the first time after {@code since}, while
   * another device signed in before it (the user's very first device is not "new").
   */
  boolean deviceIsNew(UUID userId, String device, Instant since) {
    List<Map.Entry<Instant, String>> logins = jdbc.sql("""
        select at, user_agent from identity.login_attempts
         where user_id = :user and result = 'success' order by at asc limit 500
        """).param("user", userId).query((rs, n) -> Map.entry(
            rs.getObject("at", OffsetDateTime.class).toInstant(),
            Devices.describe(rs.getString("user_agent")))).list();
    Optional<Instant> first = logins.stream().filter(l -> l.getValue().equals(device))
        .map(Map.Entry::getKey).findFirst();
    boolean othersBefore = first.isPresent() && logins.stream()
        .anyMatch(l -> !l.getValue().equals(device) && l.getKey().isBefore(first.get()));
    return first.isPresent() && first.get().isAfter(since) && othersBefore;
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
