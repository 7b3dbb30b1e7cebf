package org.okpay.merchants.internal.payouts;

import java.util.Currency;
import java.util.UUID;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.springframework.stereotype.Component;

/** What a merchant may pay out: its balance's available amount (held payouts excluded). */
@Component
class PayoutBalances {

  private final LedgerApi ledger;

  PayoutBalances(LedgerApi ledger) {
    this.ledger = ledger;
  }

  long available(UUID merchantId, Currency currency) {
    return ledger.accountsOf(OwnerType.MERCHANT, merchantId.toString()).stream()
        .filter(a -> "balance".equals(a.kind()) && a.currency().equals(currency))
        .mapToLong(Account::availableMinor).sum();
  }
}
