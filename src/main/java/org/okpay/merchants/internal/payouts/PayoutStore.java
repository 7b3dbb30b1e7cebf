package org.okpay.merchants.internal.payouts;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** merchants.payouts: which owner transaction is which merchant's payout. */
@Repository
class PayoutStore {

  record Row(UUID transactionId, UUID ownerUserId) {
  }

  private final JdbcClient jdbc;

  PayoutStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** False when it was recorded before (a replay). */
  boolean record(UUID merchantId, String idempotencyKey, UUID transactionId, UUID ownerUserId) {
    return jdbc.sql("""
        insert into merchants.payouts (merchant_id, idempotency_key, transaction_id, owner_user_id)
        values (:m, :k, :t, :o) on conflict do nothing""")
        .param("m", merchantId).param("k", idempotencyKey).param("t", transactionId)
        .param("o", ownerUserId).update() == 1;
  }

  /** The merchant's own payout; another merchant's is empty. */
  java.util.Optional<Row> find(UUID merchantId, UUID transactionId) {
    return jdbc.sql("""
        select transaction_id, owner_user_id from merchants.payouts
         where merchant_id = :m and transaction_id = :t""")
        .param("m", merchantId).param("t", transactionId)
        .query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
        .optional();
  }

  List<Row> latest(UUID merchantId, int limit) {
    return jdbc.sql("""
        select transaction_id, owner_user_id from merchants.payouts where merchant_id = :m
        order by created_at desc, transaction_id limit :n""")
        .param("m", merchantId).param("n", limit)
        .query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
        .list();
  }
}
