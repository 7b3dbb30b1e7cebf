package org.okpay.notify.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders of a message (subjects, in-app titles and bodies) with
 * variables. These messages are read without arguments, so Spring does not run them through
 * MessageFormat and the braces arrive untouched. An unknown name is left as it is, so a missing
 * variable is visible rather than silently empty.
 */
final class NamedText {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][A-Za-z0-9]*)}");

  private NamedText() {
  }

  static String fill(String pattern, Map<String, Object> variables, MailFormat format) {
    Matcher matcher = PLACEHOLDER.matcher(pattern);
    StringBuilder out = new StringBuilder(pattern.length() + 32);
    while (matcher.find()) {
      Object value = variables.get(matcher.group(1));
      String text = value == null ? matcher.group() : format.text(value);
      matcher.appendReplacement(out, Matcher.quoteReplacement(text));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
