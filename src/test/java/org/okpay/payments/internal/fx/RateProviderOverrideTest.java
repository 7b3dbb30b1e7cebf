package org.okpay.payments.internal.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.okpay.payments.FxRateProvider;
import org.okpay.payments.Operation;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An operator's own rate provider bean takes the place of the stored table wherever a provider
 * is injected, whichever configuration defines it first. No database is reached: the stored
 * table is only read when asked for a rate, and nobody asks it here.
 */
class RateProviderOverrideTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues(limits())
      .withUserConfiguration(Database.class, FxConfiguration.class, Consumer.class);

  @Test
  void theStoredTableIsTheDefault() {
    runner.run(context -> assertThat(context.getBean(Consumer.class).rates)
        .isInstanceOf(StoredFxRates.class));
  }

  @Test
  void anOperatorsProviderWins() {
    runner.withUserConfiguration(BankFeed.class).run(context -> {
      FxRateProvider used = context.getBean(Consumer.class).rates;
      assertThat(used).isNotInstanceOf(StoredFxRates.class);
      assertThat(used.rate(Currency.getInstance("USD"), Currency.getInstance("EUR")))
          .hasValue(new BigDecimal("0.5"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Database {
    @Bean
    RateTableStore rateTableStore() {
      return new RateTableStore(JdbcClient.create(
          new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/never-used")));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BankFeed {
    @Bean
    FxRateProvider bankFeed() {
      return new FxRateProvider() {
        @Override
        public Optional<BigDecimal> rate(Currency source, Currency target) {
          return Optional.of(new BigDecimal("0.5"));
        }

        @Override
        public Instant asOf() {
          return Instant.EPOCH;
        }
      };
    }
  }

  static class Consumer {
    final FxRateProvider rates;

    Consumer(FxRateProvider rates) {
      this.rates = rates;
    }
  }

  private static String[] limits() {
    Operation[] all = Operation.values();
    return java.util.stream.IntStream.range(0, all.length).boxed().flatMap(i -> Stream.of(
        "okpay.payments.limits[" + i + "].operation=" + all[i].key(),
        "okpay.payments.limits[" + i + "].verified-daily-minor=100",
        "okpay.payments.limits[" + i + "].verified-monthly-minor=1000",
        "okpay.payments.limits[" + i + "].unverified-daily-minor=10",
        "okpay.payments.limits[" + i + "].unverified-monthly-minor=100"))
        .toArray(String[]::new);
  }
}
