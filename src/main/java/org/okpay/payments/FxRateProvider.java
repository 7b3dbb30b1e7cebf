package org.okpay.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

/**
 * Where mid-market rates come from. The default reads the operator's table (or the bundled one);
 * another provider (a bank's feed) is a bean of this type.
 */
public interface FxRateProvider {

  /** How many units of {@code target} one unit of {@code source} buys; empty when unknown. */
  Optional<BigDecimal> rate(Currency source, Currency target);

  /** When the rates were last set. */
  Instant asOf();
}
