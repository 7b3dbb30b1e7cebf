package org.okpay.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canned replies of the agent console: each in English and Chinese, the reply form takes the
 * one of the case's language. Admins write them (every change is in the audit log); agents use
 * them. Placeholders in braces are filled when used: {@link #PLACEHOLDERS}.
 */
public interface CannedRepliesApi {

  int CANNED_REPLIES_MAX = 500;
  int TITLE_MAX = 120;
  int BODY_MAX = 5000;

  /**
   * {@code {name}} the customer's name (or their address), {@code {reference}} the case's
   * reference, {@code {subject}} its subject, {@code {agent}} the answering agent's name.
   */
  Set<String> PLACEHOLDERS = Set.of("name", "reference", "subject", "agent");

  /** Every canned reply, by English title; at most {@link #CANNED_REPLIES_MAX}. */
  List<CannedReply> list();

  Optional<CannedReply> find(UUID id);

  /** Admins only: {@code canned_replies_full} past the limit, a field error for bad texts. */
  CannedReply create(CannedReplyText text);

  /** {@code canned_reply_not_found} for an unknown id. */
  CannedReply update(UUID id, CannedReplyText text);

  /** {@code canned_reply_not_found} for an unknown id. */
  void delete(UUID id);

  /** What an admin writes: both titles and both texts, each required. */
  record CannedReplyText(String titleEn, String titleZh, String bodyEn, String bodyZh) {
  }

  record CannedReply(UUID id, String titleEn, String titleZh, String bodyEn, String bodyZh,
      Instant updatedAt) {

    /** The text for a case in {@code language} ({@code zh-CN}, else English). */
    public String body(String language) {
      return isChinese(language) ? bodyZh : bodyEn;
    }

    public String title(String language) {
      return isChinese(language) ? titleZh : titleEn;
    }

    private static boolean isChinese(String language) {
      return language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
    }
  }

  /** {@code {word}} in a canned text. */
  Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /**
   * Fills the placeholders of {@code text}; a placeholder without a value becomes empty, an
   * unknown one (admins cannot save those) stays as written.
   */
  static String fill(String text, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value = PLACEHOLDERS.contains(key) ? values.getOrDefault(key, "") : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
