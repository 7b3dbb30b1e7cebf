package org.okpay.merchants.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.Merchant.Verification;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.MerchantRole;
import org.okpay.merchants.MerchantsApi.StaffMember;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.merchants and merchants.staff. Staff reads are scoped by merchant and user. */
@Component
class MerchantStore {

  private final JdbcClient jdbc;

  MerchantStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Merchant m) {
    jdbc.sql("""
        insert into merchants.merchants (id, owner_user_id, business_name, category, country,
          website, support_email, settlement_currency, refund_policy, refund_window_days,
          verification, verified_at, created_at)
        values (:id, :owner, :name, :category, :country, :website, :email, :currency, :policy,
          :window, :verification, :verifiedAt, :createdAt)
        """).param("id", m.id()).param("owner", m.ownerUserId()).param("name", m.businessName())
        .param("category", m.category().key()).param("country", m.country())
        .param("website", m.website()).param("email", m.supportEmail())
        .param("currency", m.settlementCurrency().getCurrencyCode())
        .param("policy", m.refundPolicy()).param("window", m.refundWindowDays())
        .param("verification", m.verification().key()).param("verifiedAt", utc(m.verifiedAt()))
        .param("createdAt", utc(m.createdAt())).update();
  }

  /** Compare-and-set from pending: false when the merchant is not pending (decided already). */
  boolean decide(UUID merchantId, Verification decision, Instant now) {
    return jdbc.sql("""
        update merchants.merchants set verification = :decision,
               verified_at = case when :decision = 'verified' then :now end
         where id = :id and verification = 'pending'
        """).param("decision", decision.key()).param("now", utc(now)).param("id", merchantId)
        .update() == 1;
  }

  Optional<Merchant> find(UUID merchantId) {
    return jdbc.sql("select * from merchants.merchants where id = :id")
        .param("id", merchantId).query(MerchantStore::merchant).optional();
  }

  List<Merchant> ofUser(UUID userId, int limit) {
    return jdbc.sql("""
        select m.* from merchants.merchants m join merchants.staff s on s.merchant_id = m.id
         where s.user_id = :user order by m.created_at, m.id limit :limit
        """).param("user", userId).param("limit", limit).query(MerchantStore::merchant).list();
  }

  int countOfUser(UUID userId) {
    return jdbc.sql("select count(*) from merchants.staff where user_id = :user")
        .param("user", userId).query(Integer.class).single();
  }

  // --- staff ---

  /** Adds the user, or changes nothing when they are staff already; true when added. */
  boolean addStaff(UUID merchantId, UUID userId, MerchantRole role, Instant now) {
    return jdbc.sql("""
        insert into merchants.staff (merchant_id, user_id, role, created_at)
        values (:merchant, :user, :role, :now) on conflict do nothing
        """).param("merchant", merchantId).param("user", userId).param("role", role.key())
        .param("now", utc(now)).update() == 1;
  }

  Optional<MerchantRole> role(UUID merchantId, UUID userId) {
    return jdbc.sql("select role from merchants.staff where merchant_id = :merchant and user_id = :user")
        .param("merchant", merchantId).param("user", userId)
        .query((rs, n) -> MerchantRole.fromKey(rs.getString(1))).optional();
  }

  /** Staff rows of one merchant; email and name are filled in by the caller. */
  List<StaffMember> staff(UUID merchantId, int limit) {
    return jdbc.sql("""
        select user_id, role, created_at from merchants.staff where merchant_id = :merchant
         order by created_at, user_id limit :limit
        """).param("merchant", merchantId).param("limit", limit)
        .query((rs, n) -> new StaffMember(rs.getObject("user_id", UUID.class), null, null,
            MerchantRole.fromKey(rs.getString("role")), instant(rs, "created_at"))).list();
  }

  int countStaff(UUID merchantId) {
    return jdbc.sql("select count(*) from merchants.staff where merchant_id = :merchant")
        .param("merchant", merchantId).query(Integer.class).single();
  }

  /** Locks the merchant's staff rows, so that "the last owner" is decided by one caller at a time. */
  void lockStaff(UUID merchantId) {
    jdbc.sql("select 1 from merchants.merchants where id = :id for update")
        .param("id", merchantId).query(Integer.class).optional();
  }

  int owners(UUID merchantId) {
    return jdbc.sql("select count(*) from merchants.staff where merchant_id = :merchant and role = 'owner'")
        .param("merchant", merchantId).query(Integer.class).single();
  }

  boolean setRole(UUID merchantId, UUID userId, MerchantRole role) {
    return jdbc.sql("update merchants.staff set role = :role where merchant_id = :merchant and user_id = :user")
        .param("role", role.key()).param("merchant", merchantId).param("user", userId)
        .update() == 1;
  }

  boolean removeStaff(UUID merchantId, UUID userId) {
    return jdbc.sql("delete from merchants.staff where merchant_id = :merchant and user_id = :user")
        .param("merchant", merchantId).param("user", userId).update() == 1;
  }

  static Merchant merchant(ResultSet rs, int n) throws SQLException {
    return new Merchant(rs.getObject("id", UUID.class), rs.getObject("owner_user_id", UUID.class),
        rs.getString("business_name"), MerchantCategory.fromKey(rs.getString("category")),
        rs.getString("country"), rs.getString("website"), rs.getString("support_email"),
        Currency.getInstance(rs.getString("settlement_currency")), rs.getString("refund_policy"),
        rs.getInt("refund_window_days"), Verification.fromKey(rs.getString("verification")),
        instant(rs, "verified_at"), instant(rs, "created_at"));
  }

  static void requireOne(int rows) {
    if (rows != 1) {
      throw new IllegalStateException("expected one row, wrote " + rows);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
