package org.okpay.merchants.internal.payouts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.okpay.merchants.MerchantEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A payout's webhook events, named as Stripe names them: {@code payout.created} (recorded,
 * status {@code processing}), {@code payout.paid} (the bank settled it, {@code completed}) and
 * {@code payout.failed} (the bank refused it, {@code failed}, or sent it back after it was paid,
 * {@code returned}). Each is published in the database transaction of its change, with an id
 * derived from the payout and the type, so a move tried twice is one event. The object is the
 * payout ({@code data.object = "payout"}, {@code data.id} = the payout's id), read in full with
 * {@code GET /api/v1/merchant/payouts/{id}}.
 */
@Component
class PayoutEvents {

  static final String CREATED = "payout.created";
  static final String PAID = "payout.paid";
  static final String FAILED = "payout.failed";

  private final ApplicationEventPublisher events;
  private final Clock clock;

  PayoutEvents(ApplicationEventPublisher events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  void publish(UUID merchantId, UUID payoutId, String type, String status) {
    UUID id = UUID.nameUUIDFromBytes((payoutId + ":" + type).getBytes(StandardCharsets.UTF_8));
    events.publishEvent(new MerchantEvent(id, merchantId, type, "payout", payoutId, status,
        clock.instant()));
  }
}
