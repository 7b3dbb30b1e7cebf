package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Answers an error in the form the caller understands: problem+json for the API and for
 * programs, a localized error page for a browser asking for HTML outside {@code /api}.
 */
@Component
public class ErrorResponder {

  private final ProblemFactory problems;
  private final MessageSource messages;
  private final TemplateEngine templates;

  ErrorResponder(ProblemFactory problems, MessageSource messages, TemplateEngine templates) {
    this.problems = problems;
    this.messages = messages;
    this.templates = templates;
  }

  public ResponseEntity<Object> respond(HttpServletRequest request, ErrorCode code, Object[] args,
      Map<String, Object> properties, HttpHeaders headers) {
    Locale locale = LocaleContextHolder.getLocale();
    String path = request == null ? null : request.getRequestURI();
    ProblemDetail problem = problems.problem(code, args, properties, path, locale);
    if (request != null && wantsHtml(request)) {
      Context context = new Context(locale);
      context.setVariable("problem", problem);
      context.setVariable("code", code.code());
      String html = templates.process("error", context);
      return ResponseEntity.status(code.status()).headers(headers)
          .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
          .body(html);
    }
    return ResponseEntity.status(code.status()).headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  String fieldMessage(FieldError error, Locale locale) {
    return messages.getMessage(error, locale);
  }

  static String newReference() {
    return UUID.randomUUID().toString();
  }

  static ErrorCode byStatus(int status) {
    return switch (status) {
      case 400 -> ErrorCode.MALFORMED_REQUEST;
      case 401 -> ErrorCode.UNAUTHORIZED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.ROUTE_NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 406 -> ErrorCode.NOT_ACCEPTABLE;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      default -> status >= 400 && status < 500 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
    };
  }

  /** A browser navigating to a page; API paths and programs always get problem+json. */
  static boolean wantsHtml(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri.startsWith("/api/") || uri.equals("/api") || uri.startsWith("/actuator")
        || uri.startsWith("/v3/api-docs")) {
      return false;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return false;
    }
    List<MediaType> types = MediaType.parseMediaTypes(accept);
    return types.stream().anyMatch(t -> !t.isWildcardType() && t.getQualityValue() > 0
        && t.isCompatibleWith(MediaType.TEXT_HTML));
  }
}
