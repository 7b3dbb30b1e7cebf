package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.AdminAccess;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the operator API under {@code /api/v1/admin} with the admin bearer token. Without a
 * token configured the admin API is closed. Staff accounts with roles replace this when the
 * identity module lands.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiGuard implements WebMvcConfigurer, HandlerInterceptor {

  private static final String BEARER = "Bearer ";

  private final AdminAccess access;

  AdminApiGuard(AdminAccess access) {
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/admin/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    if (!access.enabled()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.startsWith(BEARER)
        || !access.matches(header.substring(BEARER.length()))) {
      throw new OkPayException(ErrorCode.UNAUTHORIZED);
    }
    return true;
  }
}
