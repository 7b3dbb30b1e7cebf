package org.okpay.shared.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error path: errors raised outside MVC (filters, the servlet container itself)
 * still answer problem+json or the error page, never Boot's default JSON or a stack trace.
 */
@RestController
class ErrorEndpoint implements ErrorController {

  private final ErrorResponder responder;

  ErrorEndpoint(ErrorResponder responder) {
    this.responder = responder;
  }

  @RequestMapping("/error")
  ResponseEntity<Object> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int code = status instanceof Integer i ? i : 500;
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (DatabaseOutage.isOutage(error)) {
      // A filter (sign-in looks up the session) found the database gone: 503, not 500.
      return responder.respond(new OriginalPathRequest(request), ErrorCode.DATABASE_UNAVAILABLE,
          new Object[0], DatabaseOutage.properties(), DatabaseOutage.headers());
    }
    ErrorCode errorCode = PayloadTooLargeException.findIn(error) != null
        ? ErrorCode.PAYLOAD_TOO_LARGE
        : ErrorResponder.isRequestFault(error) ? ErrorCode.MALFORMED_REQUEST
        : ErrorResponder.byStatus(code);
    Map<String, Object> properties = errorCode == ErrorCode.INTERNAL_ERROR
        ? Map.of("reference", ErrorResponder.newReference()) : Map.of();
    return responder.respond(new OriginalPathRequest(request), errorCode, new Object[0], properties,
        new HttpHeaders());
  }

  /** Reports the path the client asked for, not {@code /error}. */
  private static final class OriginalPathRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
    OriginalPathRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getRequestURI() {
      Object original = getRequest().getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      return original instanceof String s ? s : super.getRequestURI();
    }
  }
}
