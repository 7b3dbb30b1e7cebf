package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.shared.AdminAccess;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the operator API under {@code /api/v1/admin}: staff signed in with their own API token
 * (admins everything, support agents the support actions on users), or the operator bearer
 * token from {@code OKPAY_ADMIN_TOKEN} (closed when unset).
 */
@Configuration(proxyBeanMethods = false)
class AdminApiGuard implements WebMvcConfigurer, HandlerInterceptor {

  private static final String BEARER = "Bearer ";
  private static final String SUPPORT_PATHS = "/api/v1/admin/users/";

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
    if (staffMayPass(request)) {
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

  /**
   * A signed-in admin (their own API token) may use the whole admin API; a support agent the
   * support actions on users (unlock, unfreeze) but not role changes.
   */
  private static boolean staffMayPass(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      return false;
    }
    boolean admin = has(auth, "ROLE_ADMIN");
    boolean agent = has(auth, "ROLE_AGENT");
    String path = request.getRequestURI();
    return admin || (agent && path.startsWith(SUPPORT_PATHS) && !path.endsWith("/role"));
  }

  private static boolean has(Authentication auth, String authority) {
    return auth.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
  }
}
