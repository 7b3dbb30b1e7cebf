package org.okpay.ledger;

import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

/** Opens uniquely named accounts and funds them, so tests never collide with earlier runs. */
public final class LedgerFixture {

  public static final Currency USD = Currency.getInstance("USD");
  public static final Currency EUR = Currency.getInstance("EUR");

  private final LedgerApi ledger;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private int counter;

  public LedgerFixture(LedgerApi ledger) {
    this.ledger = ledger;
  }

  public Account customer(Currency currency) {
    return open(OwnerType.CUSTOMER, currency, "wallet");
  }

  public Account merchant(Currency currency) {
    return open(OwnerType.MERCHANT, currency, "wallet");
  }

  public Account system(Currency currency) {
    return open(OwnerType.SYSTEM, currency, "card_rail");
  }

  public Account open(OwnerType type, Currency currency, String kind) {
    return ledger.openAccount(new OpenAccount(type, "t-" + run + "-" + (++counter), currency, kind));
  }

  /** Moves {@code amountMinor} from a fresh system account into {@code account}. */
  public void fund(Account account, long amountMinor) {
    Account source = system(account.currency());
    TransferResult result = ledger.transfer(posted(source.id(), account.id(), amountMinor,
        account.currency()));
    if (result.code() != TransferResultCode.OK) {
      throw new IllegalStateException("funding failed: " + result.code());
    }
  }

  public Account reload(Account account) {
    return ledger.account(account.id()).orElseThrow();
  }

  public static TransferRequest posted(long debit, long credit, long amountMinor, Currency c) {
    return TransferRequest.posted(UUID.randomUUID(), debit, credit, amountMinor, c, "test", null);
  }

  public static TransferRequest pending(long debit, long credit, long amountMinor, Currency c,
      Duration timeout) {
    return TransferRequest.pending(UUID.randomUUID(), debit, credit, amountMinor, c, timeout,
        "test", null);
  }

  public static TransferRequest withMetadata(TransferRequest r, Map<String, String> metadata) {
    return r.withMetadata(metadata);
  }
}
