package org.okpay.merchants.internal;

import static org.okpay.merchants.internal.MerchantStore.instant;
import static org.okpay.merchants.internal.MerchantStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.MerchantRole;
import org.okpay.merchants.MerchantsApi.Invite;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.invites: open ones are neither accepted nor canceled nor expired. */
@Component
class InviteStore {

  private static final String SELECT = """
      select i.*, m.business_name from merchants.invites i
        join merchants.merchants m on m.id = i.merchant_id
      """;
  private static final String OPEN = " i.accepted_at is null and i.canceled_at is null and i.expires_at > :now ";

  private final JdbcClient jdbc;

  InviteStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Opens an invitation, or renews the open one to the same address (new role, new expiry; an
   * expired one counts as open here, so it is renewed instead of blocking the address).
   * Answers the invitation's id.
   */
  UUID upsert(UUID merchantId, String email, MerchantRole role, UUID invitedBy, Instant now,
      Instant expiresAt) {
    return jdbc.sql("""
        insert into merchants.invites (id, merchant_id, email, role, invited_by, created_at, expires_at)
        values (:id, :merchant, :email, :role, :by, :now, :expires)
        on conflict (merchant_id, email) where accepted_at is null and canceled_at is null
        do update set role = excluded.role, invited_by = excluded.invited_by,
                      created_at = excluded.created_at, expires_at = excluded.expires_at
        returning id
        """).param("id", UUID.randomUUID()).param("merchant", merchantId).param("email", email)
        .param("role", role.key()).param("by", invitedBy).param("now", utc(now))
        .param("expires", utc(expiresAt)).query(UUID.class).single();
  }

  List<Invite> openOfMerchant(UUID merchantId, Instant now, int limit) {
    return jdbc.sql(SELECT + " where i.merchant_id = :merchant and" + OPEN
        + " order by i.created_at, i.id limit :limit").param("merchant", merchantId)
        .param("now", utc(now)).param("limit", limit).query(InviteStore::invite).list();
  }

  int countOpen(UUID merchantId, Instant now) {
    return jdbc.sql("select count(*) from merchants.invites i where i.merchant_id = :merchant and" + OPEN)
        .param("merchant", merchantId).param("now", utc(now)).query(Integer.class).single();
  }

  List<Invite> openForEmail(String email, Instant now, int limit) {
    return jdbc.sql(SELECT + " where i.email = :email and" + OPEN
        + " order by i.created_at, i.id limit :limit").param("email", email)
        .param("now", utc(now)).param("limit", limit).query(InviteStore::invite).list();
  }

  /** The open invitation with this id to this address, locked; empty for anyone else's. */
  Optional<Invite> lockOpenForEmail(UUID inviteId, String email, Instant now) {
    return jdbc.sql(SELECT + " where i.id = :id and i.email = :email and" + OPEN + " for update of i")
        .param("id", inviteId).param("email", email).param("now", utc(now))
        .query(InviteStore::invite).optional();
  }

  boolean accept(UUID inviteId, UUID userId, Instant now) {
    return jdbc.sql("""
        update merchants.invites set accepted_by = :user, accepted_at = :now
         where id = :id and accepted_at is null and canceled_at is null
        """).param("user", userId).param("now", utc(now)).param("id", inviteId).update() == 1;
  }

  /** Cancels an open invitation of this merchant (scoped), or one to this address. */
  boolean cancel(UUID inviteId, UUID merchantId, String email, Instant now) {
    return jdbc.sql("""
        update merchants.invites set canceled_at = :now
         where id = :id and accepted_at is null and canceled_at is null
           and (merchant_id = :merchant or email = :email)
        """).param("now", utc(now)).param("id", inviteId).param("merchant", merchantId)
        .param("email", email).update() == 1;
  }

  private static Invite invite(ResultSet rs, int n) throws SQLException {
    return new Invite(rs.getObject("id", UUID.class), rs.getObject("merchant_id", UUID.class),
        rs.getString("business_name"), rs.getString("email"),
        MerchantRole.fromKey(rs.getString("role")), instant(rs, "created_at"),
        instant(rs, "expires_at"));
  }
}
