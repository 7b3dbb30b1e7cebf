package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.AdminAccess;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.shared.StaffAuthorization;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the operator API under {@code /api/v1/admin}: a signed-in user whose role the modules'
 * {@link org.okpay.shared.StaffRules} open the path to (through their own API token), or the
 * operator bearer token from {@code OKPAY_ADMIN_TOKEN} (every path; closed when unset). Which
 * staff may use which path is each module's declaration, not this class's.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiGuard implements WebMvcConfigurer, HandlerInterceptor {

  private static final String BEARER = "Bearer ";

  private final AdminAccess access;
  private final StaffAuthorization staff;

  AdminApiGuard(AdminAccess access, StaffAuthorization staff) {
    this.access = access;
    this.staff = staff;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/admin/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    if (staff.allows(request.getRequestURI())) {
      return true;
    }
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
