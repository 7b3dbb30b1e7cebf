package org.okpay.shared.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps every request body: a declared Content-Length over the limit is refused at once with 413;
 * a chunked body fails the read as soon as it passes the limit, which MVC then reports as 413.
 * Paths that take files ({@code okpay.http.upload-paths.<name>: <pattern>}, a map so each module
 * adds its own in its own YAML document) get {@code okpay.http.max-upload-bytes} instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final long maxUploadBytes;
  private final java.util.List<org.springframework.web.util.pattern.PathPattern> uploadPaths;
  private final ProblemFactory problems;
  private final JsonMapper json;

  RequestBodyLimitFilter(@Value("${okpay.http.max-body-bytes:65536}") long maxBytes,
      @Value("${okpay.http.max-upload-bytes:7340032}") long maxUploadBytes,
      org.springframework.core.env.Environment environment,
      ProblemFactory problems, JsonMapper json) {
    this.maxBytes = maxBytes;
    this.maxUploadBytes = maxUploadBytes;
    Map<String, String> patterns = org.springframework.boot.context.properties.bind.Binder
        .get(environment).bind("okpay.http.upload-paths",
            org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class,
                String.class)).orElse(Map.of());
    org.springframework.web.util.pattern.PathPatternParser parser =
        new org.springframework.web.util.pattern.PathPatternParser();
    this.uploadPaths = patterns.values().stream().map(parser::parse).toList();
    this.problems = problems;
    this.json = json;
  }

  private long limitOf(HttpServletRequest request) {
    if (uploadPaths.isEmpty()) {
      return maxBytes;
    }
    org.springframework.http.server.PathContainer path =
        org.springframework.http.server.PathContainer.parsePath(request.getRequestURI());
    return uploadPaths.stream().anyMatch(p -> p.matches(path)) ? maxUploadBytes : maxBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    long maxBytes = limitOf(request);
    if (request.getContentLengthLong() > maxBytes) {
      ProblemDetail problem = problems.problem(ErrorCode.PAYLOAD_TOO_LARGE, new Object[0], Map.of(),
          request.getRequestURI(), LocaleContextHolder.getLocale());
      response.setStatus(ErrorCode.PAYLOAD_TOO_LARGE.status().value());
      response.setHeader(HttpHeaders.CONNECTION, "close");
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getOutputStream().write(json.writeValueAsBytes(problem));
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream limited;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (limited == null) {
        limited = new LimitedInputStream(super.getInputStream(), maxBytes);
      }
      return limited;
    }
  }

  private static final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long readBytes;

    LimitedInputStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws PayloadTooLargeException {
      readBytes += n;
      if (readBytes > maxBytes) {
        throw new PayloadTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
