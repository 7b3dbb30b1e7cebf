package org.okpay.shared;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An exact amount of money: minor units (cents, fen, yen) of one ISO 4217 currency. */
public record Money(long amountMinor, Currency currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public static Money of(long amountMinor, String currencyCode) {
    return new Money(amountMinor, Currency.getInstance(currencyCode));
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isNegative() {
    return amountMinor < 0;
  }

  /** The amount in major units for display, e.g. 1234 USD minor units become 12.34. */
  public BigDecimal toMajor() {
    return BigDecimal.valueOf(amountMinor, Math.max(currency.getDefaultFractionDigits(), 0));
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
    }
  }

  @Override
  public String toString() {
    return toMajor().toPlainString() + " " + currency.getCurrencyCode();
  }
}
