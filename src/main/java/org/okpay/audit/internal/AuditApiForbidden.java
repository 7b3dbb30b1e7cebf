package org.okpay.audit.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.shared.StaffAuthorization;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A signed-in user whom the staff rules do not open the audit API to (a customer, a merchant,
 * an agent) is refused with 403 forbidden before the operator-token check, which would answer
 * 401 as if nobody had signed in: they are known, just not allowed. Anonymous requests and the
 * operator token go on to the shared guard.
 */
@Configuration(proxyBeanMethods = false)
class AuditApiForbidden implements WebMvcConfigurer, HandlerInterceptor {

  private final StaffAuthorization staff;

  AuditApiForbidden(StaffAuthorization staff) {
    this.staff = staff;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/v1/admin/audit/**").order(-10);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    boolean signedIn = auth != null && auth.isAuthenticated()
        && !(auth instanceof AnonymousAuthenticationToken);
    if (signedIn && !staff.allows(request.getRequestURI())) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return true;
  }
}
