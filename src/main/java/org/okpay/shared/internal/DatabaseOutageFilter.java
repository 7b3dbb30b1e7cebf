package org.okpay.shared.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.okpay.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 database_unavailable} when the database fails a filter (sign-in looks up
 * every session there) before MVC's own handling could: one warning line, instead of the
 * container logging a trace per request for as long as the outage lasts and answering 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class DatabaseOutageFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

  private final ErrorResponder responder;

  DatabaseOutageFilter(ErrorResponder responder) {
    this.responder = responder;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!DatabaseOutage.isOutage(e) || response.isCommitted()) {
        throw e;
      }
      log.warn("database unavailable: {} {}: {}", request.getMethod(), request.getRequestURI(),
          e.toString());
      response.resetBuffer();
      DatabaseOutage.headers().forEach((name, values) -> response.setHeader(name, values.getFirst()));
      responder.write(request, response, ErrorCode.DATABASE_UNAVAILABLE,
          DatabaseOutage.properties());
    }
  }
}
