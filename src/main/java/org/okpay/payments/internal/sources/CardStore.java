package org.okpay.payments.internal.sources;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** payments.cards. Every read is scoped to the user; removed cards are not read back here. */
@Component
class CardStore {

  record CardRow(UUID id, UUID userId, String token, String brand, String last4,
      int expiryMonth, int expiryYear, String fingerprint, String holderName, Instant addedAt,
      Instant declinedExpiredAt) {
  }

  private final JdbcClient jdbc;

  CardStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Serializes one user's changes to their funding sources until the transaction ends, so two
   * concurrent adds cannot both pass the limit.
   */
  void lockUser(UUID userId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
        .param("key", "payments.sources:" + userId).query((rs, n) -> 1).single();
  }

  List<CardRow> active(UUID userId) {
    return jdbc.sql("""
        select * from payments.cards where user_id = :user and removed_at is null
         order by added_at, id limit 100
        """).param("user", userId).query(CardStore::row).list();
  }

  Optional<CardRow> active(UUID userId, UUID cardId) {
    return jdbc.sql("""
        select * from payments.cards where id = :id and user_id = :user and removed_at is null
        """).param("id", cardId).param("user", userId).query(CardStore::row).optional();
  }

  Optional<CardRow> activeByFingerprint(UUID userId, String fingerprint) {
    return jdbc.sql("""
        select * from payments.cards
         where user_id = :user and fingerprint = :fingerprint and removed_at is null
        """).param("user", userId).param("fingerprint", fingerprint).query(CardStore::row)
        .optional();
  }

  int countActive(UUID userId) {
    return jdbc.sql("select count(*) from payments.cards where user_id = :user and removed_at is null")
        .param("user", userId).query(Integer.class).single();
  }

  void insert(CardRow card) {
    int n = jdbc.sql("""
        insert into payments.cards (id, user_id, token, brand, last4, expiry_month, expiry_year,
               fingerprint, holder_name, added_at)
        values (:id, :user, :token, :brand, :last4, :month, :year, :fingerprint, :holder, :now)
        """).param("id", card.id()).param("user", card.userId()).param("token", card.token())
        .param("brand", card.brand()).param("last4", card.last4())
        .param("month", card.expiryMonth()).param("year", card.expiryYear())
        .param("fingerprint", card.fingerprint()).param("holder", card.holderName())
        .param("now", utc(card.addedAt())).update();
    requireOne(n);
  }

  /** False when there is no such card of this user (or it is removed already). */
  boolean remove(UUID userId, UUID cardId, Instant now) {
    return jdbc.sql("""
        update payments.cards set removed_at = :now
         where id = :id and user_id = :user and removed_at is null
        """).param("now", utc(now)).param("id", cardId).param("user", userId).update() == 1;
  }

  /**
   * The rail declined the card as expired: marked until its owner updates it. False when there
   * is no such card of this user, or it is marked already.
   */
  boolean markDeclinedExpired(UUID userId, UUID cardId, Instant now) {
    return jdbc.sql("""
        update payments.cards set declined_expired_at = :now
         where id = :id and user_id = :user and removed_at is null
           and declined_expired_at is null
        """).param("now", utc(now)).param("id", cardId).param("user", userId).update() == 1;
  }

  /** The vault took a new expiry date: stored, and the "declined as expired" mark cleared. */
  boolean updateExpiry(UUID userId, UUID cardId, int expiryMonth, int expiryYear, Instant now) {
    return jdbc.sql("""
        update payments.cards
           set expiry_month = :month, expiry_year = :year, declined_expired_at = null,
               updated_at = :now
         where id = :id and user_id = :user and removed_at is null
        """).param("month", expiryMonth).param("year", expiryYear).param("now", utc(now))
        .param("id", cardId).param("user", userId).update() == 1;
  }

  private static CardRow row(ResultSet rs, int n) throws SQLException {
    return new CardRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
        rs.getString("token"), rs.getString("brand"), rs.getString("last4"),
        rs.getInt("expiry_month"), rs.getInt("expiry_year"), rs.getString("fingerprint"),
        rs.getString("holder_name"), rs.getObject("added_at", OffsetDateTime.class).toInstant(),
        instant(rs.getObject("declined_expired_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static void requireOne(int rows) {
    if (rows != 1) {
      throw new IllegalStateException("expected one row, wrote " + rows);
    }
  }
}
