package org.okpay.payments.internal;

import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.AccountKind;
import org.okpay.payments.DeclineCode;
import org.okpay.payments.FundingSourcesApi.Card;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentPlan;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.okpay.payments.RailState;
import org.okpay.payments.internal.sources.FundingSourceLookup;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.status.StatusComponent;
import org.springframework.stereotype.Component;

/**
 * Top-up from one of the user's cards ({@link PaymentRequest.CardTopUp}). The card is charged
 * amount + fee, at once (legs: see {@link TopUpType}).
 */
@Component
class CardTopUpType extends TopUpType {

  private final FundingSourcesApi sources;
  private final FundingSourceLookup tokens;
  private final PaymentRail rail;
  private final Clock clock;

  CardTopUpType(Planner planner, FundingSourcesApi sources, FundingSourceLookup tokens,
      PaymentRail rail, Legs legs, Clock clock) {
    super(Operation.TOPUP_CARD, AccountKind.CARD_RAIL, planner, legs);
    this.sources = sources;
    this.tokens = tokens;
    this.rail = rail;
    this.clock = clock;
  }

  @Override
  public PaymentPlan plan(CurrentUser user, PaymentRequest request) {
    PaymentRequest.CardTopUp r = (PaymentRequest.CardTopUp) request;
    Planner.requireAmount(r.amountMinor());
    Currency currency = Planner.requireSupported(r.currency(), "currency");
    Card card = sources.card(user.userId(), Planner.requireId(r.cardId(), "cardId"))
        .orElseThrow(() -> new OkPayException(ErrorCode.CARD_NOT_FOUND, Map.of("field", "cardId")));
    if (card.state() == FundingSourcesApi.CardState.EXPIRED) {
      throw new OkPayException(ErrorCode.CARD_EXPIRED, Map.of("field", "cardId"));
    }
    String counterparty = Planner.brand(card.brand()) + " •••• " + card.last4();
    return planner.simple(Operation.TOPUP_CARD, false, r.amountMinor(), currency, card.id(), null,
        null, counterparty, null, Rail.CARD);
  }

  @Override
  public Optional<StatusComponent> statusComponent() {
    return Optional.of(StatusComponent.CARD_TOPUPS);
  }

  /**
   * A card the rail declines as expired is marked so (the cards page says "update it", and it is
   * not charged again) until its owner updates it.
   */
  @Override
  public Optional<RailOutcome> callRail(PaymentTransaction t) {
    Optional<RailOutcome> outcome = tokens.cardToken(t.userId(), t.cardId()).map(card ->
        rail.chargeCard(t.id().toString(), card, t.totalMinor(), t.currency()));
    outcome.filter(o -> o.state() == RailState.DECLINED
            && o.declineCode() == DeclineCode.EXPIRED_CARD)
        .ifPresent(o -> tokens.markDeclinedExpired(t.userId(), t.cardId(), clock.instant()));
    return outcome;
  }
}
