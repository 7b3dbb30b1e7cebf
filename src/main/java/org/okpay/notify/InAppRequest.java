package org.okpay.notify;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One notification shown to one user inside OKPay, rendered in the user's language when it is
 * written.
 *
 * @param userId the user it is for, at most 64 characters
 * @param locale the user's language (as for {@link EmailRequest#locale()})
 * @param template which notification; it names the variables it needs and allows
 * @param variables as for {@link EmailRequest#variables()}
 * @param link optional (null): where the notification leads, a path inside OKPay starting with
 *     one {@code /}, at most 512 characters
 * @param dedupKey optional (null): a second request with the same key is not written again; at
 *     most 128 characters
 */
public record InAppRequest(String userId, Locale locale, InAppTemplate template,
    Map<String, Object> variables, String link, String dedupKey) implements NoticeRequest {

  public InAppRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(template, "template");
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }
}
