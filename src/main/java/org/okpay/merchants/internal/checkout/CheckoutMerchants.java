package org.okpay.merchants.internal.checkout;

import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.MerchantsApi;
import org.springframework.stereotype.Component;

/** What checkout needs to know about a merchant, from {@link MerchantsApi}. */
@Component
class CheckoutMerchants {

  private final MerchantsApi merchants;

  CheckoutMerchants(MerchantsApi merchants) {
    this.merchants = merchants;
  }

  record Info(UUID id, UUID ownerUserId, String name, MerchantCategory category,
      boolean verified, String refundPolicy, int refundWindowDays,
      String settlementCurrency) {
  }

  Optional<Info> find(UUID merchantId) {
    return merchants.merchant(merchantId).map(m -> new Info(m.id(), m.ownerUserId(),
        m.businessName(), m.category(), m.verification() == Merchant.Verification.VERIFIED,
        m.refundPolicy(), m.refundWindowDays(), m.settlementCurrency().getCurrencyCode()));
  }
}
