package org.okpay.web;

import java.util.Currency;
import org.springframework.stereotype.Component;

/** Small helpers of the agent console's pages, for amounts the APIs give as minor units. */
@Component("consoleText")
public class ConsoleText {

  private final MoneyText money;

  ConsoleText(MoneyText money) {
    this.money = money;
  }

  /** An amount in minor units of a currency code, written as the money pages write it. */
  public String money(long amountMinor, String currency) {
    return money.of(amountMinor, Currency.getInstance(currency));
  }
}
