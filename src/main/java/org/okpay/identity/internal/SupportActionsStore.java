package org.okpay.identity.internal;

import java.sql.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.Role;
import org.okpay.identity.SupportActionsApi.CustomerMatch;
import org.okpay.identity.SupportActionsApi.Device;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of support's account actions: finding users, what a profile needs beyond
 * {@link UserRow} (who froze it, when the account was made), the freeze by support and its
 * lifting, and the stored checklists (identity.support_checklists).
 */
@Component
class SupportActionsStore {

  /** Successful sign-ins read to list a user's devices: the newest ones. */
  static final int DEVICE_SIGN_INS_MAX = 1_000;
  static final int DEVICES_MAX = 50;

  record Extra(Instant createdAt, String frozenBy) {
  }

  private final JdbcClient jdbc;
  private final SessionCache sessionCache;

  SupportActionsStore(JdbcClient jdbc, SessionCache sessionCache) {
    this.jdbc = jdbc;
    this.sessionCache = sessionCache;
  }

  /**
   * Users whose address, name or phone number starts with {@code prefix} (matched without
   * case), or whose id it is; exact address matches first.
   */
  List<CustomerMatch> find(String prefix, UUID id, Instant now, int limit) {
    String like = escapeLike(prefix.toLowerCase(java.util.Locale.ROOT)) + "%";
    return jdbc.sql("""
        select id, email, display_name, phone, role, frozen_at is not null as frozen,
               (locked_hard or coalesce(locked_until > :now, false)) as locked
          from identity.users
         where lower(email) like :like escape '\\'
            or lower(display_name) like :like escape '\\'
            or (phone is not null and phone like :like escape '\\')
            or id = :id
         order by (lower(email) = :exact) desc, lower(email)
         limit :limit
        """)
        .param("like", like).param("exact", prefix.toLowerCase(java.util.Locale.ROOT))
        .param("id", id).param("now", UserStore.utc(now)).param("limit", limit)
        .query((rs, n) -> new CustomerMatch(rs.getObject("id", UUID.class),
            rs.getString("email"), rs.getString("display_name"), rs.getString("phone"),
            Role.fromDb(rs.getString("role")), rs.getBoolean("frozen"),
            rs.getBoolean("locked")))
        .list();
  }

  Optional<Extra> extra(UUID userId) {
    return jdbc.sql("select created_at, frozen_by from identity.users where id = :id")
        .param("id", userId)
        .query((rs, n) -> new Extra(rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getString("frozen_by")))
        .optional();
  }

  /** Freezes sending for support; false when it was frozen already (by anyone). */
  boolean freeze(UUID userId, Instant now) {
    return changed(userId, jdbc.sql("""
        update identity.users set frozen_at = :now, frozen_by = 'support'
         where id = :id and frozen_at is null
        """).param("now", UserStore.utc(now)).param("id", userId).update()) == 1;
  }

  /** Lifts a freeze; false when the user was not frozen. */
  boolean unfreeze(UUID userId) {
    return changed(userId, jdbc.sql("""
        update identity.users set frozen_at = null, frozen_by = null
         where id = :id and frozen_at is not null
        """).param("id", userId).update()) == 1;
  }

  /** A freeze is seen by this instance's next request (the trigger of V45 tells the others). */
  private int changed(UUID userId, int updated) {
    sessionCache.changedAfterCommit(userId);
    return updated;
  }

  /** Lifts every sign-in lock; false when there was none to lift. */
  boolean unlock(UUID userId) {
    return jdbc.sql("""
        update identity.users
           set failed_logins = 0, locked_until = null, locked_hard = false
         where id = :id and (locked_hard or locked_until is not null or failed_logins > 0)
        """).param("id", userId).update() == 1;
  }

  void saveChecklist(UUID userId, UUID staffId, String action, List<String> items,
      Instant passwordChangedAt, Instant reportedAt, String reason, Instant now) {
    int n = jdbc.sql("""
        insert into identity.support_checklists (id, user_id, staff_id, action, items,
               password_changed_at, reported_at, reason, created_at)
        values (:id, :user, :staff, :action, :items, :changed, :reported, :reason, :now)
        """)
        .param("id", UUID.randomUUID()).param("user", userId).param("staff", staffId)
        .param("action", action).param("items", items.toArray(String[]::new))
        .param("changed", passwordChangedAt == null ? null : UserStore.utc(passwordChangedAt))
        .param("reported", reportedAt == null ? null : UserStore.utc(reportedAt))
        .param("reason", reason).param("now", UserStore.utc(now)).update();
    if (n != 1) {
      throw new IllegalStateException("checklist not stored for " + userId);
    }
  }

  /** The items of the newest stored checklist of this action, for tests and the record. */
  List<String> lastChecklist(UUID userId, String action) {
    return jdbc.sql("""
        select items from identity.support_checklists
         where user_id = :user and action = :action order by created_at desc limit 1
        """).param("user", userId).param("action", action)
        .query((rs, n) -> {
          Array array = rs.getArray("items");
          return List.of((String[]) array.getArray());
        }).optional().orElse(List.of());
  }

  /** The devices of the newest successful sign-ins, most recently used first. */
  List<Device> devices(UUID userId) {
    List<Seen> seen = jdbc.sql("""
        select user_agent, min(at) as first, max(at) as last, count(*) as n
          from (select user_agent, at from identity.login_attempts
                 where user_id = :user and result = 'success'
                 order by at desc limit :max) recent
         group by user_agent
        """).param("user", userId).param("max", DEVICE_SIGN_INS_MAX)
        .query((rs, n) -> new Seen(Devices.describe(rs.getString("user_agent")),
            rs.getObject("first", OffsetDateTime.class).toInstant(),
            rs.getObject("last", OffsetDateTime.class).toInstant(), rs.getInt("n")))
        .list();
    java.util.Map<String, Device> byName = new java.util.HashMap<>();
    for (Seen s : seen) {
      byName.merge(s.device(), new Device(s.device(), s.first(), s.last(), s.count()),
          (a, b) -> new Device(a.device(),
              a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
              a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(),
              a.signIns() + b.signIns()));
    }
    return byName.values().stream()
        .sorted(java.util.Comparator.comparing(Device::lastSeen).reversed())
        .limit(DEVICES_MAX).toList();
  }

  private record Seen(String device, Instant first, Instant last, int count) {
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
