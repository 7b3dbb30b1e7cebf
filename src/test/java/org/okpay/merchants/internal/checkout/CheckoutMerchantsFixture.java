package org.okpay.merchants.internal.checkout;

import java.util.UUID;
import org.okpay.TestUsers.TestUser;
import org.okpay.merchants.MerchantCategory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** TEMPORARY: merchants for checkout tests until M-core's TestMerchants lands. */
@Component
class CheckoutMerchantsFixture {

  private final JdbcClient jdbc;

  CheckoutMerchantsFixture(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  UUID create(TestUser owner, MerchantCategory category) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
        insert into merchants.merchants (id, owner_user_id, business_name, category,
            settlement_currency, refund_policy, verification)
        values (:id, :owner, :name, :category, 'USD', 'Refunds within 30 days.', 'verified')
        """).param("id", id).param("owner", owner.id()).param("name", "Shop " + id)
        .param("category", category.key()).update();
    return id;
  }

  String name(UUID merchantId) {
    return jdbc.sql("select business_name from merchants.merchants where id = :id")
        .param("id", merchantId).query(String.class).single();
  }
}
