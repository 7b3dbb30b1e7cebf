package org.okpay.notify;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An e-mail kept in the {@link DevMailbox}: exactly what would have been sent. */
public record MailboxMessage(long id, long outboxId, String to, String from, String subject,
    String html, String text, Locale locale, EmailTemplate template, Instant createdAt) {

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");
  private static final int LINKS_MAX = 20;

  /** The http(s) links of the plain-text part, in order, each once. */
  public List<String> links() {
    LinkedHashSet<String> links = new LinkedHashSet<>();
    Matcher matcher = URL.matcher(text);
    while (matcher.find() && links.size() < LINKS_MAX) {
      links.add(matcher.group());
    }
    return List.copyOf(links);
  }
}
