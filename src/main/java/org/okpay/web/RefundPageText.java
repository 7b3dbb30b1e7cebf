package org.okpay.web;

import java.util.Currency;
import org.springframework.stereotype.Component;

/** How the refund pages write an amount: {@code ${@refundPages.money(r.amountMinor(), r.currency())}}. */
@Component("refundPages")
public class RefundPageText {

  private final MoneyText money;

  RefundPageText(MoneyText money) {
    this.money = money;
  }

  public String money(long amountMinor, String currency) {
    return money.of(amountMinor, Currency.getInstance(currency));
  }
}
