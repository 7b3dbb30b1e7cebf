package org.okpay.merchants.internal.checkout;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code okpay.merchants} (fees, checkout). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckoutProperties.class)
class CheckoutConfiguration {
}
