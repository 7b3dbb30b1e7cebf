package org.okpay.web;

import java.util.Currency;
import org.okpay.shared.Money;
import org.springframework.stereotype.Component;

/** Formats minor units for pages, e.g. {@code ${@moneyText.of(1234, account.currency)}}. */
@Component("moneyText")
public class MoneyText {

  public String of(long amountMinor, Currency currency) {
    return new Money(amountMinor, currency).toString();
  }

  /** With an explicit sign, for statement changes: +12.00 USD, -3.50 USD. */
  public String signed(long amountMinor, Currency currency) {
    String text = of(amountMinor, currency);
    return amountMinor > 0 ? "+" + text : text;
  }
}
