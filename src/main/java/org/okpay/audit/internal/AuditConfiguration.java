package org.okpay.audit.internal;

import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The audit log's signing key and checkpoint file, from {@link AuditProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

  @Bean
  SigningKey auditSigningKey(AuditProperties properties) {
    return SigningKey.load(properties);
  }

  @Bean
  CheckpointFile auditCheckpointFile(AuditProperties properties, JsonMapper json) {
    return new CheckpointFile(Path.of(properties.dataDir()), json);
  }
}
