package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an error in the form the caller understands: problem+json for the API and for
 * programs, a localized error page for a browser asking for HTML outside {@code /api}.
 */
@Component
public class ErrorResponder {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ErrorResponder.class);

  /**
   * PostgreSQL data exceptions that only a value from outside can cause: a character it cannot
   * store (NUL, 22021; 22P05), a text or number or date beyond its column (22001, 22003, 22008).
   */
  /** Causes looked at, at most: a cycle or a very deep chain must not loop. */
  private static final int CAUSES_MAX = 20;
  private static final java.util.Set<String> INPUT_SQL_STATES =
      java.util.Set.of("22021", "22P05", "22001", "22003", "22008");

  private final ProblemFactory problems;
  private final MessageSource messages;
  private final TemplateEngine templates;
  private final JsonMapper json;
  private final org.springframework.beans.factory.ObjectProvider<org.okpay.shared.ErrorPageModel>
      frame;

  ErrorResponder(ProblemFactory problems, MessageSource messages, TemplateEngine templates,
      JsonMapper json,
      org.springframework.beans.factory.ObjectProvider<org.okpay.shared.ErrorPageModel> frame) {
    this.frame = frame;
    this.problems = problems;
    this.messages = messages;
    this.templates = templates;
    this.json = json;
  }

  /**
   * Writes the error straight to the servlet response, for code that runs outside MVC (filters,
   * the security firewall, the container's own rejections), where no advice is there to render
   * a returned entity. The language comes from the request itself: no locale resolver ran yet.
   */
  public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
      Map<String, Object> properties) throws IOException {
    Locale previous = LocaleContextHolder.getLocale();
    LocaleContextHolder.setLocale(LocaleConfiguration.supported(request.getLocale()));
    ResponseEntity<Object> entity;
    try {
      entity = respond(request, code, new Object[0], properties, new HttpHeaders());
    } finally {
      LocaleContextHolder.setLocale(previous);
    }
    response.setStatus(entity.getStatusCode().value());
    entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.setHeader(name, v)));
    byte[] body = entity.getBody() instanceof String html ? html.getBytes(StandardCharsets.UTF_8)
        : json.writeValueAsBytes(entity.getBody());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  public ResponseEntity<Object> respond(HttpServletRequest request, ErrorCode code, Object[] args,
      Map<String, Object> properties, HttpHeaders headers) {
    Locale locale = LocaleContextHolder.getLocale();
    String path = request == null ? null : request.getRequestURI();
    if (code.status().is4xxClientError()) {
      // A client's mistake is one line; a server fault was logged with its trace where caught.
      log.info("client error {} {} {} {}", code.status().value(), code.code(),
          request == null ? "-" : request.getMethod(), path);
    }
    ProblemDetail problem = problems.problem(code, args, properties, path, locale);
    if (request != null && wantsHtml(request)) {
      Context context = new Context(locale);
      context.setVariable("problem", problem);
      context.setVariable("code", code.code());
      frameOf(request).forEach(context::setVariable);
      String html = templates.process("error", context);
      return ResponseEntity.status(code.status()).headers(headers)
          .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
          .body(html);
    }
    return ResponseEntity.status(code.status()).headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /** The header of the signed-in user, if the pages module can say who it is; else nothing. */
  private Map<String, Object> frameOf(HttpServletRequest request) {
    try {
      org.okpay.shared.ErrorPageModel model = frame.getIfAvailable();
      return model == null ? Map.of() : model.variables(request);
    } catch (RuntimeException unreadable) {
      // The error page must always render; a signed-out frame is the safe fallback.
      log.debug("error page frame unavailable", unreadable);
      return Map.of();
    }
  }

  String fieldMessage(FieldError error, Locale locale) {
    return messages.getMessage(error, locale);
  }

  String message(org.springframework.context.MessageSourceResolvable text, Locale locale) {
    return messages.getMessage(text, locale);
  }

  /**
   * Whether an exception that reached no handler of its own was caused by what the client sent
   * (a query or form the container cannot decode, a broken multipart body, a header the security
   * firewall refuses, a value PostgreSQL cannot store such as a NUL in a text): a 400, not a
   * fault of ours.
   */
  static boolean isRequestFault(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < CAUSES_MAX; depth++, t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && INPUT_SQL_STATES.contains(sql.getSQLState())
          || t instanceof org.apache.tomcat.util.http.InvalidParameterException
          || t instanceof org.springframework.web.multipart.MultipartException
          || t instanceof org.springframework.security.web.firewall.RequestRejectedException) {
        return true;
      }
    }
    return false;
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
    if (uri == null || uri.startsWith("/api/") || uri.equals("/api") || uri.startsWith("/actuator")
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
