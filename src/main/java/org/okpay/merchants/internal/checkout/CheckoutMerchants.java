package org.okpay.merchants.internal.checkout;

import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.MerchantCategory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What checkout needs to know about a merchant (merchants.merchants, M-core's table). */
@Component
class CheckoutMerchants {

  private final JdbcClient jdbc;

  CheckoutMerchants(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Merchant(UUID id, UUID ownerUserId, String name, MerchantCategory category,
      boolean verified, String refundPolicy, int refundWindowDays,
      String settlementCurrency) {
  }

  Optional<Merchant> find(UUID merchantId) {
    return jdbc.sql("""
        select id, owner_user_id, business_name, category, verification, refund_policy,
               refund_window_days, settlement_currency
          from merchants.merchants where id = :id
        """).param("id", merchantId).query((rs, n) -> new Merchant(
            rs.getObject("id", UUID.class), rs.getObject("owner_user_id", UUID.class),
            rs.getString("business_name"), MerchantCategory.fromKey(rs.getString("category")),
            "verified".equals(rs.getString("verification")), rs.getString("refund_policy"),
            rs.getInt("refund_window_days"),
            rs.getString("settlement_currency"))).optional();
  }
}
