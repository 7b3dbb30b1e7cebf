package org.okpay.merchants.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API's own resources (authenticated by key): its balances. */
@RestController
@Tag(name = "Merchant API")
class MerchantApiController {

  private final MerchantsApi merchants;

  MerchantApiController(MerchantsApi merchants) {
    this.merchants = merchants;
  }

  record BalanceView(String currency, long balanceMinor, long availableMinor) {
  }

  record BalancesView(List<BalanceView> balances) {
  }

  @GetMapping("/api/v1/merchant/balance")
  @Operation(summary = "The merchant's balances by currency (needs balance: read)")
  BalancesView balance(MerchantCaller caller) {
    caller.require(ApiResource.BALANCE, Access.READ);
    return new BalancesView(merchants.balances(caller.merchantId()).stream()
        .map(b -> new BalanceView(b.currency().getCurrencyCode(), b.balanceMinor(),
            b.availableMinor())).toList());
  }
}
