package org.okpay.merchants.internal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestClock;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.TestMerchants;
import org.okpay.merchants.WebhooksApi;
import org.okpay.support.DisputesApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The support module's disputes publish {@code dispute.created}, {@code dispute.updated} and
 * {@code dispute.closed} through the merchants' webhook outbox: signed per Standard Webhooks,
 * thin payloads, delivered to the merchant of the disputed payment only.
 */
@OkPayTest
class DisputeWebhooksTest {

  @Autowired WebhooksApi webhooks;
  @Autowired DeliveryStore deliveries;
  @Autowired EndpointStore endpoints;
  @Autowired WebhookSender sender;
  @Autowired EndpointDisabledNotice notice;
  @Autowired PlatformTransactionManager transactions;
  @Autowired WebhooksProperties properties;
  @Autowired WebhookFixture fixture;
  @Autowired TestUsers users;
  @Autowired CheckoutApi checkout;
  @Autowired DisputesApi disputes;
  @Autowired JsonMapper json;

  @Test
  void disputeEventsAreSignedAndDeliveredToTheMerchantOfThePayment() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
        WebhookReceiver otherReceiver = new WebhookReceiver()) {
      TestMerchants.Created m = fixture.created();
      TestMerchants.Created other = fixture.created();
      MerchantCaller caller = WebhookFixture.caller(m);
      List<String> types = List.of("dispute.created", "dispute.updated", "dispute.closed");
      WebhooksApi.Endpoint endpoint = webhooks.create(caller,
          new WebhooksApi.NewEndpoint(receiver.url(), "disputes", types));
      webhooks.create(WebhookFixture.caller(other),
          new WebhooksApi.NewEndpoint(otherReceiver.url(), "disputes", types));
      TestUser payer = users.user().funded(20_000).create();
      CheckoutApi.Session s = checkout.create(m.merchantId(), "k-" + UUID.randomUUID(),
          new CheckoutApi.NewSession(1_000L, "USD", "Goods", "o-" + UUID.randomUUID(), null, null,
              null)).session();
      CheckoutApi.Paid paid = checkout.pay(TestMerchants.current(payer), s.id(), null, null,
          null);

      DisputesApi.Dispute d = disputes.open(TestMerchants.current(payer),
          "k-" + UUID.randomUUID(), new DisputesApi.NewDispute(paid.transaction().id(),
              "not_received", null, "Nothing came")).dispute();
      disputes.escalate(payer.id(), d.id());
      disputes.withdraw(payer.id(), d.id());

      TestClock clock = new TestClock(Instant.now().plusSeconds(1));
      WebhookDispatcher dispatcher = new WebhookDispatcher(deliveries, endpoints, sender, notice,
          transactions, properties, clock, new SimpleMeterRegistry());
      while (dispatcher.dispatchOnce() > 0) {
        // every due row of every merchant; ours are among them
      }

      List<WebhookReceiver.Hit> hits = receiver.hits();
      assertThat(hits).hasSize(3);
      Webhook verifier = new Webhook(endpoint.secret());
      for (WebhookReceiver.Hit hit : hits) {
        verifier.verify(hit.body(), hit.headers()); // throws when the signature is wrong
        JsonNode body = json.readTree(hit.body());
        assertThat(body.get("data").get("object").asString()).isEqualTo("dispute");
        assertThat(body.get("data").get("id").asString()).isEqualTo(d.id().toString());
        assertThat(body.get("data").propertyNames()).containsExactly("object", "id", "status");
      }
      assertThat(hits.stream().map(h -> json.readTree(h.body()).get("type").asString()))
          .containsExactlyInAnyOrder("dispute.created", "dispute.updated", "dispute.closed");
      assertThat(hits.stream().map(h -> json.readTree(h.body()).get("data").get("status")
          .asString())).contains("withdrawn");
      assertThat(otherReceiver.hits()).isEmpty();
    } finally {
      fixture.forgetEndpoints();
    }
  }
}
