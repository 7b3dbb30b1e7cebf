package org.okpay.shared.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.okpay.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code okpay.http.in-flight-max} requests are worked on at once; one more is answered
 * {@code 503 server_busy} with Retry-After before anything is read or done. Request threads are
 * virtual, so nothing else bounds them: offered 1,000 requests a second, about twice what the
 * machine answered, the application queued over a thousand requests for database connections
 * and its 288 MB heap ran out (bench/api.sh, docs/benchmarks.md "Issue 14 fourth pass").
 * Health and metrics ({@code /actuator/}) are not counted, so an overloaded instance still says
 * how it is. A streamed download (the CSV exports) holds its permit until its stream starts
 * (the servlet's async hand-off); the connections bound the streams (server.tomcat.max-connections).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class InFlightLimitFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(InFlightLimitFilter.class);
  static final long RETRY_AFTER_SECONDS = 1;

  private final ErrorResponder responder;
  private final Semaphore permits;
  private final int max;

  InFlightLimitFilter(ErrorResponder responder,
      @Value("${okpay.http.in-flight-max:256}") int max) {
    if (max < 1) {
      throw new IllegalArgumentException("okpay.http.in-flight-max must be at least 1");
    }
    this.responder = responder;
    this.permits = new Semaphore(max);
    this.max = max;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/actuator/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      log.warn("{} requests in flight: {} {} answered 503 server_busy", max,
          request.getMethod(), request.getRequestURI());
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
      responder.write(request, response, ErrorCode.SERVER_BUSY,
          Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release();
    }
  }
}
