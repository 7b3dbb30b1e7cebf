package org.okpay.merchants.internal.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantEvent;
import org.okpay.merchants.TestMerchants;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merchants to hang endpoints on, and events published the way the merchant features publish
 * them: inside a transaction, with the contract's name-based id.
 */
@Component
class WebhookFixture {

  private final TestMerchants merchantsFixture;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final JdbcClient jdbc;
  private final List<UUID> merchants = new CopyOnWriteArrayList<>();

  WebhookFixture(TestMerchants merchantsFixture, ApplicationEventPublisher events,
      PlatformTransactionManager transactions, JdbcClient jdbc) {
    this.merchantsFixture = merchantsFixture;
    this.events = events;
    this.tx = new TransactionTemplate(transactions);
    this.jdbc = jdbc;
  }

  /** A new merchant (through M-core's fixture), with a secret key. */
  TestMerchants.Created created() {
    TestMerchants.Created merchant = merchantsFixture.merchant().create();
    merchants.add(merchant.merchantId());
    return merchant;
  }

  /** A new merchant's caller with write on webhooks, as its secret key has. */
  MerchantCaller merchant() {
    return caller(created());
  }

  /** The merchant's caller with write on webhooks. */
  static MerchantCaller caller(TestMerchants.Created merchant) {
    return new MerchantCaller(merchant.merchantId(), UUID.randomUUID(), null,
        Map.of(ApiResource.WEBHOOKS, Access.WRITE));
  }

  MerchantEvent event(MerchantCaller merchant, String type, String objectType, UUID objectId,
      String status) {
    UUID id = UUID.nameUUIDFromBytes((objectId + ":" + type).getBytes(StandardCharsets.UTF_8));
    return new MerchantEvent(id, merchant.merchantId(), type, objectType, objectId, status,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Publishes inside a transaction that commits. */
  MerchantEvent publish(MerchantCaller merchant, String type, String objectType, UUID objectId,
      String status) {
    MerchantEvent event = event(merchant, type, objectType, objectId, status);
    tx.executeWithoutResult(s -> events.publishEvent(event));
    return event;
  }

  /** Removes the endpoints (and their deliveries) of the merchants made so far. */
  void forgetEndpoints() {
    if (merchants.isEmpty()) {
      return;
    }
    jdbc.sql("delete from merchants.webhook_endpoints where merchant_id in (:ids)")
        .param("ids", List.copyOf(merchants)).update();
    merchants.clear();
  }
}
