package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.AdminAccess;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.shared.StaffAuthorization;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the operator API under {@code /api/v1/admin}: a signed-in user whose role the modules'
 * {@link org.okpay.shared.StaffRules} open the path to (through their own API token), or the
 * operator bearer token from {@code OKPAY_ADMIN_TOKEN} (every path; closed when unset). Which
 * staff may use which path is each module's declaration, not this class's. A signed-in user
 * whose role the rules do not open the path to gets 403 {@code forbidden}; a request without a
 * user gets 401 {@code unauthorized} unless it carries the operator token.
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
    if (signedIn()) {
      // A user we know, whose role no staff rule opens this path to: refused, not "who are you?".
      throw new OkPayException(ErrorCode.FORBIDDEN);
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

  /** A signed-in user (their session or API token), as opposed to the operator token or nobody. */
  private static boolean signedIn() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
  }
}
