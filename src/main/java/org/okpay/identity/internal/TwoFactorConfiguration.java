package org.okpay.identity.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TwoFactorProperties.class)
class TwoFactorConfiguration {

  private static final Logger log = LoggerFactory.getLogger(TwoFactorConfiguration.class);

  @Bean
  SecretBox twoFactorSecretBox(TwoFactorProperties properties) {
    SecretBox box = new SecretBox(properties.key());
    if (!box.hasKey()) {
      log.warn("OKPAY_TWO_FACTOR_KEY is not set: TOTP secrets are stored unencrypted. "
          + "Set it (openssl rand -base64 32) before real users turn on two-factor sign-in.");
    }
    return box;
  }
}
