package org.okpay.notify;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One e-mail to one address, rendered from a template in the recipient's language when it is
 * sent.
 *
 * @param to the recipient's address, at most 254 characters
 * @param locale the recipient's language; Chinese ({@code zh}) gets Simplified Chinese,
 *     everything else English
 * @param template which e-mail; it names the variables it needs and allows
 * @param variables the template's variables: String (at most 2000 characters), Integer, Long,
 *     Boolean or {@link java.time.Instant} values; a {@code link} must be an http(s) URL. Any
 *     template also takes {@link #TIME_ZONE}: the recipient's IANA zone, which its times are
 *     written in (UTC without it), and {@link #REPLY_TO}
 * @param dedupKey optional (null): a second request with the same key is not sent again; at most
 *     128 characters
 */
public record EmailRequest(String to, Locale locale, EmailTemplate template,
    Map<String, Object> variables, String dedupKey) implements NoticeRequest {

  /** The variable every e-mail and in-app template takes: the recipient's IANA time zone. */
  public static final String TIME_ZONE = "timeZone";

  /**
   * The variable every e-mail template takes for a Reply-To address (e.g. the support mailbox's
   * plus-address of a case, {@code support+C-20261207-4F2K@okpay.example}); without it replies
   * go to the From address.
   */
  public static final String REPLY_TO = "replyTo";

  public EmailRequest {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(template, "template");
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  public EmailRequest(String to, Locale locale, EmailTemplate template,
      Map<String, Object> variables) {
    this(to, locale, template, variables, null);
  }
}
