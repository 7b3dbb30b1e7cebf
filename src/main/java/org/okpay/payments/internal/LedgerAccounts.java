package org.okpay.payments.internal;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.okpay.ledger.Account;
import org.okpay.ledger.AccountStatus;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.springframework.stereotype.Component;

/**
 * The ledger accounts money moves between: each user's wallet per currency, and OKPay's system
 * accounts per currency (the outside world behind each rail, fees, the FX pool), which may go
 * negative. Ids never change once opened, so they are cached.
 */
@Component
class LedgerAccounts {

  static final String WALLET = "wallet";
  static final String SYSTEM_OWNER = "okpay";
  static final String MERCHANT_BALANCE = "balance";

  /** System account kinds: aliases of {@link org.okpay.payments.AccountKind}'s keys. */
  @Deprecated
  static final String CARD_RAIL = "card_rail";
  @Deprecated
  static final String BANK_RAIL = "bank_rail";
  @Deprecated
  static final String CROSS_BORDER_RAIL = "cross_border_rail";
  @Deprecated
  static final String FEES = "fees";
  @Deprecated
  static final String FX = "fx";

  private final LedgerApi ledger;
  private final Map<String, Long> ids = new ConcurrentHashMap<>();

  LedgerAccounts(LedgerApi ledger) {
    this.ledger = ledger;
  }

  /** The user's wallet in the currency, opened when it is first needed. */
  long wallet(UUID userId, Currency currency) {
    return ids.computeIfAbsent("u:" + userId + ":" + currency, k -> ledger.openAccount(
        new OpenAccount(OwnerType.CUSTOMER, userId.toString(), currency, WALLET)).id());
  }

  /** A merchant's balance in the currency, opened when it is first needed. */
  long merchant(UUID merchantId, Currency currency) {
    return ids.computeIfAbsent("m:" + merchantId + ":" + currency, k -> ledger.openAccount(
        new OpenAccount(OwnerType.MERCHANT, merchantId.toString(), currency, MERCHANT_BALANCE))
        .id());
  }

  long system(String kind, Currency currency) {
    return ids.computeIfAbsent("s:" + kind + ":" + currency, k -> ledger.openAccount(
        new OpenAccount(OwnerType.SYSTEM, SYSTEM_OWNER, currency, kind)).id());
  }

  List<Account> wallets(UUID userId) {
    return ledger.accountsOf(OwnerType.CUSTOMER, userId.toString()).stream()
        .filter(a -> WALLET.equals(a.kind())).toList();
  }

  Optional<Account> existingWallet(UUID userId, Currency currency) {
    return wallets(userId).stream().filter(a -> a.currency().equals(currency)).findFirst();
  }

  /**
   * Freezes (or unfreezes) every wallet of the user: money may come in but not leave. A wallet
   * already so is left alone, so a repeated call changes nothing.
   */
  void setWalletsFrozen(UUID userId, boolean frozen) {
    for (Account wallet : wallets(userId)) {
      if (frozen && wallet.status() == AccountStatus.ACTIVE) {
        ledger.freeze(wallet.id());
      } else if (!frozen && wallet.status() == AccountStatus.FROZEN) {
        ledger.unfreeze(wallet.id());
      }
    }
  }
}
