package org.okpay.web;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.okpay.merchants.CheckoutApi;
import org.springframework.stereotype.Component;

/**
 * Text for the checkout pages and the merchant fee schedule (on /fees and the dashboard), e.g.
 * {@code ${@checkoutPages.amount(s.amountMinor(), s.currency())}}.
 */
@Component("checkoutPages")
public class CheckoutPageText {

  private final CheckoutApi checkout;
  private final MoneyText money;

  CheckoutPageText(CheckoutApi checkout, MoneyText money) {
    this.checkout = checkout;
    this.money = money;
  }

  /** One category's merchant fee, e.g. "2.9 % + 0.30". */
  public record FeeRow(String category, String fee) {
  }

  public String amount(long amountMinor, String currency) {
    return money.of(amountMinor, Currency.getInstance(currency));
  }

  /** The fixed part is in minor units of the payment's currency: shown as a number of them. */
  public List<FeeRow> feeRows() {
    return checkout.feeSchedule().stream().map(l -> new FeeRow(l.category().key(),
        l.percent().stripTrailingZeros().toPlainString() + " %"
            + (l.fixedMinor() == 0 ? ""
                : " + " + BigDecimal.valueOf(l.fixedMinor(), 2).toPlainString()))).toList();
  }
}
