package org.okpay.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** identity.users: creating users and keeping their credentials and lockout state. */
@Component
class UserStore {

  private static final String COLUMNS = """
      id, email, email_verified_at, display_name, language, country, default_currency, role,
      password_hash, failed_logins, temporary_locks, locked_until, locked_hard, phone,
      phone_confirmed_at, frozen_at, compromise_reported_at, compromise_recovered_at, time_zone
      """;

  /** {@link #COLUMNS} of the users table under the alias {@code u}, for joins. */
  static final String U_COLUMNS = java.util.Arrays.stream(COLUMNS.split(","))
      .map(c -> "u." + c.strip()).collect(java.util.stream.Collectors.joining(", "));

  private final JdbcClient jdbc;
  private final SessionCache sessionCache;
  private final PayeeCache payees;
  private final PayerFactsCache payerFacts;

  UserStore(JdbcClient jdbc, SessionCache sessionCache, PayeeCache payees,
      PayerFactsCache payerFacts) {
    this.jdbc = jdbc;
    this.sessionCache = sessionCache;
    this.payees = payees;
    this.payerFacts = payerFacts;
  }

  /** Inserts the user unless the e-mail is taken; true when inserted. */
  boolean insert(UUID id, String email, String displayName, String language, String country,
      String currency, Role role, String passwordHash, Instant now, boolean verified) {
    return jdbc.sql("""
        insert into identity.users (id, email, email_verified_at, display_name, language, country,
               default_currency, role, password_hash, password_changed_at)
        values (:id, :email, :verifiedAt, :name, :language, :country, :currency, :role, :hash, :now)
        on conflict do nothing
        """)
        .param("id", id).param("email", email).param("name", displayName)
        .param("verifiedAt", verified ? utc(now) : null)
        .param("language", language).param("country", country).param("currency", currency)
        .param("role", role.dbValue()).param("hash", passwordHash).param("now", utc(now))
        .update() == 1;
  }

  /** Sets the zone the user reads times in (an IANA id the caller has checked). */
  void setTimeZone(UUID id, String timeZone) {
    requireOne(changed(id, jdbc.sql("update identity.users set time_zone = :zone where id = :id")
        .param("zone", timeZone).param("id", id).update()));
  }

  Optional<UserRow> byEmail(String email) {
    return jdbc.sql("select " + COLUMNS + " from identity.users where lower(email) = lower(:e)")
        .param("e", email).query(UserStore::row).optional();
  }

  Optional<UserRow> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from identity.users where id = :id")
        .param("id", id).query(UserStore::row).optional();
  }

  /**
   * The users of the ids that exist, in no order; one query. The ids go as one array parameter,
   * so the SQL text is the same however many there are: {@code in (:ids)} would expand to one
   * placeholder per id, a distinct statement for each list length, each parsed anew and kept in
   * the driver's per-connection statement cache.
   */
  List<UserRow> byIds(java.util.Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select " + COLUMNS
            + " from identity.users where id = any(cast(:ids as uuid[]))")
        .param("ids", ids.stream().distinct().map(UUID::toString)
            .collect(java.util.stream.Collectors.joining(",", "{", "}")))
        .query(UserStore::row).list();
  }

  /** Locks the user's row for the rest of the transaction: login attempts are counted one at a time. */
  Optional<UserRow> lockByEmail(String email) {
    return jdbc.sql("select " + COLUMNS
            + " from identity.users where lower(email) = lower(:e) for update")
        .param("e", email).query(UserStore::row).optional();
  }

  /** The same lock, by id: for a sign-in's second step and for two-factor changes. */
  Optional<UserRow> lockById(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from identity.users where id = :id for update")
        .param("id", id).query(UserStore::row).optional();
  }

  void recordFailure(UUID id, int failedLogins, int temporaryLocks, Instant lockedUntil,
      boolean lockedHard) {
    int n = jdbc.sql("""
        update identity.users
           set failed_logins = :failed, temporary_locks = :locks, locked_until = :until,
               locked_hard = :hard
         where id = :id
        """)
        .param("failed", failedLogins).param("locks", temporaryLocks)
        .param("until", lockedUntil == null ? null : utc(lockedUntil))
        .param("hard", lockedHard).param("id", id).update();
    requireOne(n);
  }

  /** A successful sign-in ends the run of failures (a temporary lock's doubling is kept). */
  void recordSuccess(UUID id, String rehashedPassword) {
    int n = jdbc.sql("""
        update identity.users
           set failed_logins = 0, locked_until = null,
               password_hash = coalesce(:hash, password_hash)
         where id = :id
        """).param("hash", rehashedPassword).param("id", id).update();
    requireOne(n);
  }

  /** Marks the address verified; false when it already was. */
  boolean markVerified(UUID id, Instant now) {
    return changed(id, jdbc.sql("""
        update identity.users set email_verified_at = :now
         where id = :id and email_verified_at is null
        """).param("now", utc(now)).param("id", id).update()) == 1;
  }

  /** A new password also lifts every lock: the owner proved control of the address. */
  void setPassword(UUID id, String passwordHash, Instant now) {
    int n = changed(id, jdbc.sql("""
        update identity.users
           set password_hash = :hash, password_changed_at = :now, failed_logins = 0,
               temporary_locks = 0, locked_until = null, locked_hard = false,
               password_reset_required_at = null
         where id = :id
        """).param("hash", passwordHash).param("now", utc(now)).param("id", id).update());
    requireOne(n);
  }

  /** Moves the user to a confirmed new address; false when another account has it by now. */
  boolean changeEmail(UUID id, String newEmail, Instant now) {
    return changed(id, jdbc.sql("""
        update identity.users set email = :email, email_verified_at = :now
         where id = :id
           and not exists (select 1 from identity.users o
                            where lower(o.email) = lower(:email) and o.id <> :id)
        """).param("email", newEmail).param("now", utc(now)).param("id", id).update()) == 1;
  }

  /** The user whose confirmed number this is (E.164). */
  Optional<UserRow> byConfirmedPhone(String phone) {
    return jdbc.sql("select " + COLUMNS
            + " from identity.users where phone = :p and phone_confirmed_at is not null")
        .param("p", phone).query(UserStore::row).optional();
  }

  /** Whether a user other than {@code id} has confirmed this number. */
  boolean phoneConfirmedByOther(String phone, UUID id) {
    return jdbc.sql("""
        select exists (select 1 from identity.users
                        where phone = :p and phone_confirmed_at is not null and id <> :id)
        """).param("p", phone).param("id", id).query(Boolean.class).single();
  }

  /** Sets a new, unconfirmed number (or null for none); a confirmed one it replaces is gone. */
  void setPhone(UUID id, String phone) {
    requireOne(changed(id, jdbc.sql("""
        update identity.users set phone = :p, phone_confirmed_at = null where id = :id
        """).param("p", phone).param("id", id).update()));
  }

  /**
   * Confirms the user's number if it is still {@code phone}; false when it changed meanwhile or
   * another user confirmed it first (a race past this check hits the unique index).
   */
  boolean confirmPhone(UUID id, String phone, Instant now) {
    return changed(id, jdbc.sql("""
        update identity.users set phone_confirmed_at = :now
         where id = :id and phone = :p
           and not exists (select 1 from identity.users o
                            where o.phone = :p and o.phone_confirmed_at is not null
                              and o.id <> :id)
        """).param("now", utc(now)).param("id", id).param("p", phone).update()) == 1;
  }

  boolean setRole(UUID id, Role role) {
    return changed(id, jdbc.sql("update identity.users set role = :role where id = :id")
        .param("role", role.dbValue()).param("id", id).update()) == 1;
  }

  boolean frozen(UUID id) {
    return jdbc.sql("select frozen_at is not null from identity.users where id = :id")
        .param("id", id).query(Boolean.class).optional().orElse(false);
  }

  /**
   * "My account was hacked": sending freezes (kept from an earlier freeze) and a new report opens
   * (a recovery from an earlier one is forgotten).
   */
  void reportCompromise(UUID id, Instant now) {
    requireOne(changed(id, jdbc.sql("""
        update identity.users
           set frozen_at = coalesce(frozen_at, :now), compromise_reported_at = :now,
               compromise_recovered_at = null
         where id = :id
        """).param("now", utc(now)).param("id", id).update()));
  }

  /** Support forced a password reset: the current password stops signing in until a new one. */
  void requirePasswordReset(UUID id, Instant now) {
    requireOne(changed(id, jdbc.sql("""
        update identity.users set password_reset_required_at = coalesce(password_reset_required_at, :now)
         where id = :id""").param("now", utc(now)).param("id", id).update()));
  }

  /** Whether support forced a password reset the owner has not yet made. */
  boolean passwordResetRequired(UUID id) {
    return jdbc.sql("""
        select password_reset_required_at is not null from identity.users where id = :id""")
        .param("id", id).query(Boolean.class).optional().orElse(false);
  }

  /** The owner set a new password from the reset link: the report is closed, sending stays frozen. */
  boolean markRecovered(UUID id, Instant now) {
    return changed(id, jdbc.sql("""
        update identity.users set compromise_recovered_at = :now
         where id = :id and compromise_reported_at is not null and compromise_recovered_at is null
        """).param("now", utc(now)).param("id", id).update()) == 1;
  }

  /** Freezes sending (an earlier freeze keeps its time); false for an unknown user. */
  boolean freeze(UUID id, Instant now) {
    return changed(id, jdbc.sql(
            "update identity.users set frozen_at = coalesce(frozen_at, :now) where id = :id")
        .param("now", utc(now)).param("id", id).update()) == 1;
  }

  /** Support lifts the freeze; false for an unknown user. */
  boolean unfreeze(UUID id) {
    return changed(id, jdbc.sql("update identity.users set frozen_at = null where id = :id")
        .param("id", id).update()) == 1;
  }

  boolean anyWithRole(Role role) {
    return jdbc.sql("select exists (select 1 from identity.users where role = :r)")
        .param("r", role.dbValue()).query(Boolean.class).single();
  }

  /**
   * After a write of a column a signed-in request sees or that ends sessions: this instance
   * stops serving the user from memory once the write has committed (the trigger of V45 tells
   * the others). Returns {@code updated}.
   */
  private int changed(UUID id, int updated) {
    sessionCache.changedAfterCommit(id);
    payees.changedAfterCommit(id);
    payerFacts.changedAfterCommit(id);
    return updated;
  }

  private static void requireOne(int updated) {
    if (updated != 1) {
      throw new IllegalStateException("expected to update one user, updated " + updated);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static UserRow row(ResultSet rs, int n) throws SQLException {
    return new UserRow(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        instant(rs, "email_verified_at"),
        rs.getString("display_name"),
        rs.getString("language"),
        rs.getString("country"),
        rs.getString("default_currency"),
        Role.fromDb(rs.getString("role")),
        rs.getString("password_hash"),
        rs.getInt("failed_logins"),
        rs.getInt("temporary_locks"),
        instant(rs, "locked_until"),
        rs.getBoolean("locked_hard"),
        rs.getString("phone"),
        instant(rs, "phone_confirmed_at"),
        instant(rs, "frozen_at"),
        instant(rs, "compromise_reported_at"),
        instant(rs, "compromise_recovered_at"),
        rs.getString("time_zone"));
  }
}
