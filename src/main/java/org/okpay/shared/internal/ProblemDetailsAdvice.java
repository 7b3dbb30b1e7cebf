package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.Map;
import java.util.Locale;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches MVC into a problem+json (API) or an error page (browser):
 * expected failures keep their {@link ErrorCode}; framework errors about the request become
 * 4xx with the field at fault; anything else is a 500 with only a reference id.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final ErrorResponder responder;

  ProblemDetailsAdvice(ErrorResponder responder) {
    this.responder = responder;
  }

  @ExceptionHandler(OkPayException.class)
  ResponseEntity<Object> handleOkPay(OkPayException e, NativeWebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
    }
    return responder.respond(servlet(request), e.errorCode(), e.messageArgs(), e.properties(),
        headers);
  }

  /** Method-level validation outside MVC's own (e.g. a validated service) names the parameter. */
  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e,
      NativeWebRequest request) {
    FieldErrors errors = new FieldErrors();
    e.getConstraintViolations().forEach(v -> errors.add(lastNode(v.getPropertyPath().toString()),
        FieldErrors.codeOfConstraint(
            v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName(),
            v.getInvalidValue(), v.getConstraintDescriptor().getAttributes().get("max")
                instanceof Number max ? max : null),
        v.getMessage()));
    return respond(request, ErrorCode.VALIDATION_FAILED, errors.properties(), new HttpHeaders());
  }

  private static String lastNode(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /**
   * The security firewall checks header values when they are read, which for a header only a
   * controller reads (Idempotency-Key) happens inside MVC: a request fault, not ours.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<Object> handleRejected(RequestRejectedException e, NativeWebRequest request) {
    log.debug("request rejected by the firewall: {}", e.getMessage());
    return respond(request, ErrorCode.MALFORMED_REQUEST, Map.of(), new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception e, NativeWebRequest request) {
    if (DatabaseOutage.isOutage(e)) {
      return databaseUnavailable(request, e);
    }
    PayloadTooLargeException tooLarge = PayloadTooLargeException.findIn(e);
    if (tooLarge != null) {
      return respond(request, ErrorCode.PAYLOAD_TOO_LARGE, Map.of(), new HttpHeaders());
    }
    if (e instanceof java.time.DateTimeException && !(e
        instanceof java.time.temporal.UnsupportedTemporalTypeException)) {
      // A date the parser took but that leaves java.time's range once used (the year
      // 1,000,000,000 at UTC): the value is out of range, not our fault.
      log.debug("date out of range: {}", e.getMessage());
      return respond(request, ErrorCode.VALIDATION_FAILED, Map.of(), new HttpHeaders());
    }
    if (ErrorResponder.isRequestFault(e)) {
      log.debug("unreadable request: {}", e.toString());
      return respond(request, ErrorCode.MALFORMED_REQUEST, Map.of(), new HttpHeaders());
    }
    String reference = ErrorResponder.newReference();
    log.error("unexpected error, reference {}", reference, e);
    return respond(request, ErrorCode.INTERNAL_ERROR, Map.of("reference", reference), new HttpHeaders());
  }

  /** One line, no trace: an outage is not a bug, and a trace per request would flood the log. */
  private ResponseEntity<Object> databaseUnavailable(NativeWebRequest request, Exception e) {
    log.warn("database unavailable: {}", e.toString());
    return responder.respond(servlet(request), ErrorCode.DATABASE_UNAVAILABLE, new Object[0],
        DatabaseOutage.properties(), DatabaseOutage.headers());
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (ex instanceof HttpMessageNotReadableException && PayloadTooLargeException.findIn(ex) != null) {
      return respond(request, ErrorCode.PAYLOAD_TOO_LARGE, Map.of(), headers);
    }
    if (ex instanceof HttpMessageNotReadableException && fieldOfBody(ex) != null) {
      return respond(request, ErrorCode.VALIDATION_FAILED, bodyFieldError(ex), headers);
    }
    ErrorCode code = classify(ex, status);
    return respond(request, code, details(ex), headers);
  }

  private ResponseEntity<Object> respond(
      WebRequest request, ErrorCode code, Map<String, Object> properties, HttpHeaders headers) {
    HttpHeaders kept = new HttpHeaders();
    if (headers != null && headers.getAllow() != null && !headers.getAllow().isEmpty()) {
      kept.setAllow(headers.getAllow());
    }
    return responder.respond(servlet(request), code, new Object[0], properties, kept);
  }

  private static ErrorCode classify(Exception ex, HttpStatusCode status) {
    return switch (ex) {
      case MethodArgumentNotValidException e -> ErrorCode.VALIDATION_FAILED;
      case HandlerMethodValidationException e -> ErrorCode.VALIDATION_FAILED;
      case MissingServletRequestParameterException e -> ErrorCode.VALIDATION_FAILED;
      case MissingRequestHeaderException e -> ErrorCode.VALIDATION_FAILED;
      case TypeMismatchException e -> ErrorCode.VALIDATION_FAILED;
      case HttpMessageNotReadableException e -> ErrorCode.MALFORMED_REQUEST;
      case NoResourceFoundException e -> ErrorCode.ROUTE_NOT_FOUND;
      case HttpRequestMethodNotSupportedException e -> ErrorCode.METHOD_NOT_ALLOWED;
      case HttpMediaTypeNotSupportedException e -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case HttpMediaTypeNotAcceptableException e -> ErrorCode.NOT_ACCEPTABLE;
      case MaxUploadSizeExceededException e -> ErrorCode.PAYLOAD_TOO_LARGE;
      default -> ErrorResponder.byStatus(status.value());
    };
  }

  /** The fields at fault, in the client's language, so a form can point at them. */
  private Map<String, Object> details(Exception ex) {
    Locale locale = LocaleContextHolder.getLocale();
    return switch (ex) {
      case MethodArgumentNotValidException e -> {
        FieldErrors errors = new FieldErrors();
        e.getBindingResult().getFieldErrors().forEach(error -> errors.add(error.getField(),
            codeOf(error.getCodes(), error.getRejectedValue(), error.getArguments()),
            responder.fieldMessage(error, locale)));
        yield errors.properties();
      }
      case MissingServletRequestParameterException e ->
          FieldErrors.of(e.getParameterName(), FieldErrors.REQUIRED).properties();
      case MissingRequestHeaderException e ->
          FieldErrors.of(e.getHeaderName(), FieldErrors.REQUIRED).properties();
      case TypeMismatchException e ->
          FieldErrors.of(e.getPropertyName(), FieldErrors.FORMAT).properties();
      case HandlerMethodValidationException e -> {
        FieldErrors errors = new FieldErrors();
        e.getParameterValidationResults().forEach(r -> {
          MessageSourceResolvable first = r.getResolvableErrors().isEmpty() ? null
              : r.getResolvableErrors().getFirst();
          errors.add(String.valueOf(r.getMethodParameter().getParameterName()),
              first == null ? FieldErrors.INVALID
                  : codeOf(first.getCodes(), r.getArgument(), first.getArguments()),
              first == null ? null : responder.message(first, locale));
        });
        yield errors.properties();
      }
      default -> Map.of();
    };
  }

  /** The constraint behind a validation error (its last, shortest code, e.g. "Size"). */
  private static String codeOf(String[] codes, Object rejected, Object[] arguments) {
    String constraint = codes == null || codes.length == 0 ? "" : codes[codes.length - 1];
    Number max = null;
    // Spring passes a constraint's attributes sorted by name after the field: Size(max, min).
    if (arguments != null && arguments.length >= 3 && arguments[1] instanceof Number n) {
      max = n;
    }
    return FieldErrors.codeOfConstraint(constraint, rejected, max);
  }

  /**
   * A body whose JSON is well formed but a value does not fit its field (a fraction for a whole
   * number, text for a number, a number beyond its type): the path of that field, else null.
   */
  private static String fieldOfBody(Exception ex) {
    if (!(ex.getCause() instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : jackson.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static Map<String, Object> bodyFieldError(Exception ex) {
    String code = ex.getCause() instanceof InputCoercionException
        ? FieldErrors.OUT_OF_RANGE : FieldErrors.FORMAT;
    return FieldErrors.of(fieldOfBody(ex), code).properties();
  }

  private static HttpServletRequest servlet(WebRequest request) {
    return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
  }
}
