package org.okpay.payments.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PaymentsProperties.class, RecordProperties.class})
class PaymentsConfiguration {
}
