package org.okpay.ledger.internal;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

  @Bean
  LedgerWriter ledgerWriter(DataSource dataSource, MetadataCodec metadata,
      LedgerProperties properties, MeterRegistry meters) {
    return new LedgerWriter(dataSource, new BatchApplier(new BatchStore(metadata)), properties,
        meters);
  }
}
