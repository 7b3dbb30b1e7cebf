package org.okpay.shared.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
  /** One warning per this long at most: an overload sheds hundreds of requests a second. */
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ErrorResponder responder;
  private final Semaphore permits;
  private final int max;
  private final AtomicLong shedSinceWarning = new AtomicLong();
  private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

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
      warnNowAndThen(request);
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

  /** Counts the shed request; warns with the count at most once per {@link #WARN_EVERY_NANOS}. */
  private void warnNowAndThen(HttpServletRequest request) {
    shedSinceWarning.incrementAndGet();
    long last = lastWarningNanos.get();
    long now = System.nanoTime();
    if (now - last >= WARN_EVERY_NANOS && lastWarningNanos.compareAndSet(last, now)) {
      log.warn("{} requests in flight: {} answered 503 server_busy since the last warning "
          + "(latest {} {})", max, shedSinceWarning.getAndSet(0), request.getMethod(),
          request.getRequestURI());
    }
  }
}
