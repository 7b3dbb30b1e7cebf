package org.okpay.merchants.internal.checkout;

import static org.okpay.merchants.internal.checkout.CheckoutSessionStore.instant;
import static org.okpay.merchants.internal.checkout.CheckoutSessionStore.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.CheckoutApi.MerchantPayment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** merchants.payments: one row per merchant payment, always read with the merchant's id. */
@Component
class MerchantPaymentStore {

  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";

  private static final String COLUMNS = """
      id, merchant_id, checkout_session_id, transaction_id, status, amount_minor, currency,
      fee_minor, net_minor, refunded_minor, description, order_reference, created_at
      """;

  private final JdbcClient jdbc;

  MerchantPaymentStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Once per transaction: false when the row exists (the step was tried before). */
  boolean insert(UUID id, UUID merchantId, UUID transactionId, UUID sessionId, UUID payer,
      long amountMinor, String currency, long feeMinor, String status, String description,
      String orderReference, Instant now) {
    return jdbc.sql("""
        insert into merchants.payments (id, merchant_id, transaction_id, checkout_session_id,
            payer_user_id, amount_minor, currency, fee_minor, net_minor, status, description,
            order_reference, created_at)
        values (:id, :merchant, :tx, :session, :payer, :amount, :currency, :fee, :net, :status,
            :description, :reference, :now)
        on conflict (transaction_id) do nothing
        """).param("id", id).param("merchant", merchantId).param("tx", transactionId)
        .param("session", sessionId).param("payer", payer).param("amount", amountMinor)
        .param("currency", currency).param("fee", feeMinor).param("net", amountMinor - feeMinor)
        .param("status", status).param("description", description)
        .param("reference", orderReference).param("now", ts(now)).update() == 1;
  }

  Optional<MerchantPayment> find(UUID merchantId, UUID id) {
    return jdbc.sql("select " + COLUMNS + " from merchants.payments"
        + " where id = :id and merchant_id = :merchant")
        .param("id", id).param("merchant", merchantId).query(MerchantPaymentStore::row).optional();
  }

  Optional<MerchantPayment> bySession(UUID merchantId, UUID sessionId) {
    return jdbc.sql("select " + COLUMNS + " from merchants.payments"
        + " where checkout_session_id = :session and merchant_id = :merchant"
        + " and status = 'succeeded'")
        .param("session", sessionId).param("merchant", merchantId).query(MerchantPaymentStore::row)
        .optional();
  }

  /**
   * Newest first after the cursor, one more than asked; {@code query} matches the payment's or
   * the session's id, the order reference or the description.
   */
  List<MerchantPayment> page(UUID merchantId, String query, Instant afterAt, UUID afterId,
      int size) {
    String like = query == null || query.isBlank() ? null
        : "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%";
    return jdbc.sql("select " + COLUMNS + " from merchants.payments"
        + " where merchant_id = :merchant"
        + " and (cast(:like as text) is null or order_reference ilike :like"
        + "      or description ilike :like or cast(id as text) ilike :like"
        + "      or cast(checkout_session_id as text) ilike :like)"
        + " and (cast(:at as timestamptz) is null or (created_at, id) < (:at, :afterId))"
        + " order by created_at desc, id desc limit :size")
        .param("merchant", merchantId).param("like", like).param("at", ts(afterAt))
        .param("afterId", afterId).param("size", size + 1).query(MerchantPaymentStore::row).list();
  }

  private static MerchantPayment row(ResultSet rs, int n) throws SQLException {
    long amount = rs.getLong("amount_minor");
    long refunded = rs.getLong("refunded_minor");
    String status = rs.getString("status");
    return new MerchantPayment(rs.getObject("id", UUID.class),
        rs.getObject("merchant_id", UUID.class), rs.getObject("checkout_session_id", UUID.class),
        rs.getObject("transaction_id", UUID.class), status, amount, rs.getString("currency"),
        rs.getLong("fee_minor"), rs.getLong("net_minor"), refunded,
        SUCCEEDED.equals(status) ? amount - refunded : 0, rs.getString("description"),
        rs.getString("order_reference"), instant(rs, "created_at"));
  }
}
