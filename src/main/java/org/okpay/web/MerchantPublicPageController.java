package org.okpay.web;

import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.ReputationApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public page of a merchant ({@code /merchants/{merchantId}}, no sign-in): only public facts
 * (name, verification, category, country, age) and its reputation with the inputs in words; 404
 * for an unknown merchant.
 */
@Controller
public class MerchantPublicPageController {

  private final MerchantsApi merchants;
  private final ReputationApi reputation;

  MerchantPublicPageController(MerchantsApi merchants, ReputationApi reputation) {
    this.merchants = merchants;
    this.reputation = reputation;
  }

  @GetMapping("/merchants/{merchantId}")
  public String page(@PathVariable String merchantId, Model model) {
    UUID id = parse(merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    Merchant m = merchants.merchant(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    model.addAttribute("m", new Face(m.id(), m.businessName(), m.verified(),
        m.category().key(), m.country()));
    model.addAttribute("r", reputation.reputation(id).orElseThrow());
    return "merchant/public";
  }

  /** What the public page may show of a merchant: nothing about its owner, staff or money. */
  public record Face(UUID id, String name, boolean verified, String category, String country) {
  }

  private static Optional<UUID> parse(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
