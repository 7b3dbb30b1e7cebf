package org.okpay.payments.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PaymentsProperties.class, GroupCommitProperties.class})
class PaymentsConfiguration {
}
