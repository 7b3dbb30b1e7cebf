package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the operator API under {@code /api/v1/admin} with one bearer token from
 * {@code OKPAY_ADMIN_TOKEN}. Without a token configured the admin API is closed. Staff accounts
 * with roles replace this when the identity module lands.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiGuard implements WebMvcConfigurer, HandlerInterceptor {

  private final byte[] token;

  AdminApiGuard(@Value("${okpay.admin-token:}") String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/admin/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    if (token.length == 0) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String prefix = "Bearer ";
    if (header == null || !header.startsWith(prefix)) {
      throw new OkPayException(ErrorCode.UNAUTHORIZED);
    }
    byte[] given = header.substring(prefix.length()).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) { // constant time: no timing oracle on the token
      throw new OkPayException(ErrorCode.UNAUTHORIZED);
    }
    return true;
  }
}
