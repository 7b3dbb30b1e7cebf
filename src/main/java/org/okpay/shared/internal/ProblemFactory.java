package org.okpay.shared.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds the RFC 9457 body of every error: stable code, localized title and message, retryable. */
@Component
public class ProblemFactory {

  private static final String TYPE_PREFIX = "urn:okpay:problem:";
  private static final int PATH_CHARS_MAX = 2048;

  private final MessageSource messages;

  ProblemFactory(MessageSource messages) {
    this.messages = messages;
  }

  public ProblemDetail problem(
      ErrorCode code, Object[] args, Map<String, Object> properties, String path, Locale locale) {
    ProblemDetail problem = ProblemDetail.forStatus(code.status());
    problem.setType(URI.create(TYPE_PREFIX + code.code()));
    problem.setTitle(messages.getMessage("error.title." + code.status().value(), null,
        code.status().getReasonPhrase(), locale));
    problem.setDetail(message(code, args, locale));
    URI instance = instance(path);
    if (instance != null) {
      problem.setInstance(instance);
    }
    problem.setProperty("code", code.code());
    problem.setProperty("retryable", code.retryable());
    properties.forEach((name, value) -> problem.setProperty(name, localized(value, locale)));
    return problem;
  }

  /** The path as the problem's instance; a path that is no valid URI (odd bytes) is left out. */
  private static URI instance(String path) {
    if (path == null || path.length() > PATH_CHARS_MAX) {
      return null;
    }
    try {
      return new URI(path);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /** Properties may carry texts to translate (a reason, advice); resolve them, nested too. */
  private Object localized(Object value, Locale locale) {
    return switch (value) {
      case MessageSourceResolvable text -> messages.getMessage(text, locale);
      case Map<?, ?> map -> {
        Map<Object, Object> out = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, localized(v, locale)));
        yield out;
      }
      case java.util.List<?> list -> list.stream().map(v -> localized(v, locale)).toList();
      case null -> null;
      default -> value;
    };
  }

  public String message(ErrorCode code, Object[] args, Locale locale) {
    return messages.getMessage(code.messageKey(), args, code.code(), locale);
  }

  public String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }
}
