package org.okpay.payments.internal.sources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.Card;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's cards. The number and CVC pass through to the rail's vault: they are
 * never stored, logged or sent back (the answer has the brand and last four digits).
 */
@RestController
@Tag(name = "Funding sources")
class CardsController {

  private final FundingSourcesApi sources;

  CardsController(FundingSourcesApi sources) {
    this.sources = sources;
  }

  /** Sizes only bound the input; the rules (Luhn, expiry, CVC) give field errors of their own. */
  record NewCardBody(@NotNull @Size(max = 40) String number, @NotNull Integer expiryMonth,
      @NotNull Integer expiryYear, @NotNull @Size(max = 8) String cvc,
      @NotNull @Size(max = 200) String holderName) {
    @Override
    public String toString() {
      return "NewCardBody[number=****, cvc=***]";
    }
  }

  /**
   * @param state active, or expired once the expiry month has passed or since the rail declined
   *     the card as expired (until it is updated)
   */
  record CardView(UUID id, String brand, String last4, int expiryMonth, int expiryYear,
      String holderName, String state, Instant addedAt) {
    static CardView of(Card c) {
      return new CardView(c.id(), c.brand(), c.last4(), c.expiryMonth(), c.expiryYear(),
          c.holderName(), c.state().name().toLowerCase(Locale.ROOT), c.addedAt());
    }
  }

  record CardsView(List<CardView> cards) {
  }

  /** A replacement card's new expiry date and security code (the number stays the same). */
  record CardUpdateBody(@NotNull Integer expiryMonth, @NotNull Integer expiryYear,
      @NotNull @Size(max = 8) String cvc) {
    @Override
    public String toString() {
      return "CardUpdateBody[cvc=***]";
    }
  }

  @GetMapping("/api/v1/me/cards")
  @Operation(summary = "Your cards")
  CardsView list(@AuthenticationPrincipal CurrentUser user) {
    return new CardsView(sources.cards(user.userId()).stream().map(CardView::of).toList());
  }

  @PostMapping("/api/v1/me/cards")
  @Operation(summary = "Add a card (a card already on file is returned as it is)")
  ResponseEntity<CardView> add(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody NewCardBody body) {
    Card card = sources.addCard(user.userId(), new FundingSourcesApi.NewCard(body.number(),
        body.expiryMonth(), body.expiryYear(), body.cvc(), body.holderName()));
    return ResponseEntity.status(HttpStatus.CREATED).body(CardView.of(card));
  }

  @GetMapping("/api/v1/me/cards/{id}")
  @Operation(summary = "One of your cards")
  CardView one(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return sources.card(user.userId(), id).map(CardView::of)
        .orElseThrow(() -> new OkPayException(ErrorCode.CARD_NOT_FOUND));
  }

  @PatchMapping("/api/v1/me/cards/{id}")
  @Operation(summary = "Update a card's expiry date and security code through the rail's vault "
      + "(e.g. after card_expired); clears the expired mark")
  CardView update(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @Valid @RequestBody CardUpdateBody body) {
    return CardView.of(sources.updateCard(user.userId(), id, new FundingSourcesApi.CardUpdate(
        body.expiryMonth(), body.expiryYear(), body.cvc())));
  }

  @DeleteMapping("/api/v1/me/cards/{id}")
  @Operation(summary = "Remove a card (past payments still show it)")
  ResponseEntity<Void> remove(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    sources.removeCard(user.userId(), id);
    return ResponseEntity.noContent().build();
  }
}
