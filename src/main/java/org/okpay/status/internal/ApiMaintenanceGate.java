package org.okpay.status.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.status.StatusApi;
import org.okpay.status.StatusComponent;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * While the API component is under maintenance, every API request is refused before it reaches
 * a controller (503 {@code maintenance}), except the status API itself, which tells clients when
 * it ends, and the operator API, which staff need during the window. Answered from the
 * windows every instance holds in memory ({@link MaintenanceWindows}: compared with the clock
 * on each request, so a window starts and ends on time everywhere; a change reaches every
 * instance by NOTIFY when it commits).
 */
@Configuration(proxyBeanMethods = false)
class ApiMaintenanceGate implements WebMvcConfigurer, HandlerInterceptor {

  private final StatusApi status;

  ApiMaintenanceGate(StatusApi status) {
    this.status = status;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**")
        .excludePathPatterns("/api/v1/status", "/api/v1/status/**", "/api/v1/admin/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
      Object handler) {
    status.requireAvailable(StatusComponent.API);
    return true;
  }
}
