package org.okpay.shared.internal.http;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Forwarding headers count only from a trusted proxy. Tomcat's RemoteIpValve, given
 * {@link TrustedProxies}, decides once per request, before any filter or controller runs, what
 * {@code getRemoteAddr()}, {@code isSecure()}, {@code getScheme()} and {@code getServerName()}
 * answer: from {@code X-Forwarded-For} (read right to left, so a client cannot put its own
 * address first), {@code X-Forwarded-Proto}, {@code -Host} and {@code -Port} when the direct peer
 * is a trusted proxy, else from the connection itself. So every per-IP limit, the sign-in
 * history, the cookies' Secure flag, HSTS and any absolute link use the one resolved answer.
 *
 * <p>{@code server.forward-headers-strategy} is {@code none} so that Spring neither adds its own
 * valve (which would trust every private address) nor its ForwardedHeaderFilter (which would
 * trust everybody). RFC 7239 {@code Forwarded} is not read from anyone: the proxy must send the
 * {@code X-Forwarded-*} headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrustedProxies.class)
class ForwardedHeadersConfiguration {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxiesValve(
      TrustedProxies proxies) {
    String ranges = proxies.asCidrList();
    return factory -> factory.addEngineValves(remoteIpValve(ranges));
  }

  static RemoteIpValve remoteIpValve(String ranges) {
    RemoteIpValve valve = new RemoteIpValve();
    // Empty: no peer is a proxy. Tomcat reads a list with a "/" as CIDR ranges.
    valve.setInternalProxies(ranges);
    valve.setTrustedProxies(null);
    valve.setRemoteIpHeader("X-Forwarded-For");
    valve.setProtocolHeader("X-Forwarded-Proto");
    valve.setHostHeader("X-Forwarded-Host");
    valve.setPortHeader("X-Forwarded-Port");
    return valve;
  }

  /**
   * After the valve has used them, the forwarding headers are hidden from the rest of the
   * application, so no code (ours or a library's) can read a client's {@code X-Forwarded-Host}
   * or {@code Forwarded} and trust it by mistake.
   */
  @Bean
  FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeadersHidden() {
    ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
    filter.setRemoveOnly(true);
    FilterRegistrationBean<ForwardedHeaderFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR,
        DispatcherType.ASYNC, DispatcherType.FORWARD, DispatcherType.INCLUDE);
    return registration;
  }
}
