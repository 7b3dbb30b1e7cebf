package org.okpay.payments.internal.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.okpay.payments.SupportedCurrencies;

/**
 * The money rule of a conversion, exactly: target = floor(source × rate) in the target's minor
 * units, and "they get this" asks for the smallest source that gives at least that much. The
 * rates are the bundled table's (fx/rates.csv) so that the numbers can be checked by hand.
 */
class FxMathTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency JPY = Currency.getInstance("JPY");
  private static final Currency CNY = Currency.getInstance("CNY");
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final RateTable TABLE = BundledRates.load();

  @Test
  void crossRatesGoThroughTheBaseWithTwelveSignificantDigitsHalfEven() {
    assertThat(TABLE.rate(USD, JPY)).hasValue(new BigDecimal("156.42"));
    assertThat(TABLE.rate(JPY, USD)).hasValue(new BigDecimal("0.00639304436773"));
    assertThat(TABLE.rate(CNY, USD)).hasValue(new BigDecimal("0.140761802877"));
    assertThat(TABLE.rate(EUR, JPY)).hasValue(new BigDecimal("181.167477415"));
    assertThat(TABLE.rate(JPY, JPY)).hasValue(BigDecimal.ONE);
    assertThat(TABLE.rate(Currency.getInstance("CHF"), USD)).isEmpty();
  }

  @Test
  void usdToJpyAndBackShiftsByTheMinorDigits() {
    BigDecimal usdJpy = rate(USD, JPY);
    BigDecimal jpyUsd = rate(JPY, USD);

    assertThat(FxMath.target(10_000, usdJpy, USD, JPY)).isEqualByComparingTo("15642");
    assertThat(FxMath.target(1, usdJpy, USD, JPY)).isEqualByComparingTo("1");   // 1.5642 yen
    // 15642 yen × 0.00639304436773 = 100.00000000003266 USD: 10000 cents, not a fraction more.
    assertThat(FxMath.target(15_642, jpyUsd, JPY, USD)).isEqualByComparingTo("10000");
    assertThat(FxMath.target(15_641, jpyUsd, JPY, USD)).isEqualByComparingTo("9999");
    assertThat(FxMath.target(1, jpyUsd, JPY, USD)).isEqualByComparingTo("0");
    assertThat(FxMath.target(100, rate(EUR, JPY), EUR, JPY)).isEqualByComparingTo("181");
    // 710.42 CNY buy 99.99999999987834 USD: the floor keeps the last cent.
    assertThat(FxMath.target(71_042, rate(CNY, USD), CNY, USD)).isEqualByComparingTo("9999");
  }

  @Test
  void byTargetTheSourceIsTheSmallestThatGivesEnough() {
    // 10000 cents ÷ 0.639304436773 cents per yen = 15641.99999999…: 15642 yen.
    assertThat(FxMath.sourceFor(10_000, rate(JPY, USD), JPY, USD)).isEqualByComparingTo("15642");
    assertThat(FxMath.sourceFor(15_642, rate(USD, JPY), USD, JPY)).isEqualByComparingTo("10000");
    // 101 yen: 65 cents buy 101.673 yen, 64 cents only 100.1088.
    assertThat(FxMath.sourceFor(101, rate(USD, JPY), USD, JPY)).isEqualByComparingTo("65");
    // 102 yen needs 66 cents, which buy 103 yen: at least what was asked.
    assertThat(FxMath.sourceFor(102, rate(USD, JPY), USD, JPY)).isEqualByComparingTo("66");
    assertThat(FxMath.target(66, rate(USD, JPY), USD, JPY)).isEqualByComparingTo("103");
    // 100 USD from CNY: 710.42 CNY give 99.99, so 710.43.
    assertThat(FxMath.sourceFor(10_000, rate(CNY, USD), CNY, USD)).isEqualByComparingTo("71043");
  }

  @Test
  void equivalentsRoundUp() {
    assertThat(FxMath.equivalentUp(15_641, rate(JPY, USD), JPY, USD))
        .isEqualByComparingTo("10000");                                  // 9999.36 -> 10000
    assertThat(FxMath.equivalentUp(1, rate(JPY, USD), JPY, USD)).isEqualByComparingTo("1");
    assertThat(FxMath.equivalentUp(10_000, rate(USD, JPY), USD, JPY)).isEqualByComparingTo("15642");
  }

  /**
   * For random rates, pairs and amounts: the target is floor(source × rate) computed another way
   * (in integers), and a by-target source gives at least the target while one minor unit less
   * would not. The seed is printed so that a failure can be replayed.
   */
  @Test
  void randomAmountsFollowTheMoneyRule() {
    long seed = Long.getLong("fx.seed", System.nanoTime());
    System.out.println("FxMathTest seed (replay with -Dfx.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Currency> all = SupportedCurrencies.ALL;
    for (int i = 0; i < 20_000; i++) {
      Currency source = all.get(random.nextInt(all.size()));
      Currency target = all.get(random.nextInt(all.size()));
      BigDecimal rate = i % 2 == 0 && !source.equals(target) ? rate(source, target)
          : randomRate(random);
      long sourceMinor = randomAmount(random);
      assertThat(FxMath.target(sourceMinor, rate, source, target).toBigIntegerExact())
          .as("seed %d: %d %s at %s", seed, sourceMinor, source, rate)
          .isEqualTo(floorInIntegers(sourceMinor, rate, source, target));

      long targetMinor = randomAmount(random);
      BigInteger s = FxMath.sourceFor(targetMinor, rate, source, target).toBigIntegerExact();
      BigInteger asked = BigInteger.valueOf(targetMinor);
      assertThat(floorInIntegers(s, rate, source, target))
          .as("seed %d: target %d %s at %s", seed, targetMinor, target, rate)
          .isGreaterThanOrEqualTo(asked);
      assertThat(floorInIntegers(s.subtract(BigInteger.ONE), rate, source, target))
          .as("seed %d: target %d %s at %s, one less", seed, targetMinor, target, rate)
          .isLessThan(asked);
    }
  }

  /** floor(minor × unscaled × 10^(digits difference) ÷ 10^scale) with BigInteger only. */
  private static BigInteger floorInIntegers(long minor, BigDecimal rate, Currency source,
      Currency target) {
    return floorInIntegers(BigInteger.valueOf(minor), rate, source, target);
  }

  private static BigInteger floorInIntegers(BigInteger minor, BigDecimal rate, Currency source,
      Currency target) {
    int shift = FxMath.digits(target) - FxMath.digits(source) - rate.scale();
    BigInteger product = minor.multiply(rate.unscaledValue());
    if (shift >= 0) {
      return product.multiply(BigInteger.TEN.pow(shift));
    }
    BigInteger[] qr = product.divideAndRemainder(BigInteger.TEN.pow(-shift));
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private static BigDecimal rate(Currency source, Currency target) {
    return TABLE.rate(source, target).orElseThrow();
  }

  /** 1 to 12 significant digits, from 10^-6 to about 10^6. */
  private static BigDecimal randomRate(Random random) {
    int digits = 1 + random.nextInt(12);
    long unscaled = 1 + (long) (random.nextDouble() * (Math.pow(10, digits) - 1));
    int scale = digits - 1 + random.nextInt(13) - 6;
    return BigDecimal.valueOf(unscaled, scale).max(RateTable.RATE_MIN);
  }

  /** Small and large amounts alike: 1 to 10^(1..13). */
  private static long randomAmount(Random random) {
    long bound = (long) Math.pow(10, 1 + random.nextInt(13));
    return 1 + (long) (random.nextDouble() * bound);
  }

}
