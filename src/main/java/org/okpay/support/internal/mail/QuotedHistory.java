package org.okpay.support.internal.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts what a mail program adds below (or around) a reply: the quoted earlier e-mails, the
 * "On … wrote:" line, Outlook's header block, the signature. What is left is what the customer
 * typed, which is all the case thread needs (the earlier messages are in it already).
 */
final class QuotedHistory {

  /** The marker our own case e-mails carry above the thread; anything below it is quoted. */
  static final String MARKER_EN = "Reply above this line";
  static final String MARKER_ZH = "请在此行上方回复";

  private static final Pattern WROTE = Pattern.compile(
      "^(On|Am|Le|El)\\s.{0,400}(wrote|schrieb|a écrit|escribió)\\s*:\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern WROTE_ZH = Pattern.compile("^.{0,200}(写道|寫道)\\s*[:：]?\\s*$");
  private static final Pattern ORIGINAL = Pattern.compile(
      "^-{2,}\\s*(Original Message|Forwarded message|原始邮件|原始郵件|转发的邮件)\\s*-{2,}.*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern RULE = Pattern.compile("^_{10,}\\s*$");
  private static final Pattern HEADER_FROM = Pattern.compile("^\\*?(From|发件人|寄件者)\\*?\\s*[:：].*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_NEXT = Pattern.compile(
      "^\\*?(Sent|Date|To|Subject|Cc|发送时间|时间|日期|收件人|主题|抄送)\\*?\\s*[:：].*",
      Pattern.CASE_INSENSITIVE);
  private static final int TEXT_MAX = 100_000;

  private QuotedHistory() {
  }

  static String strip(String text) {
    if (text == null) {
      return "";
    }
    String bounded = text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) : text;
    String[] lines = bounded.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (startsHistory(lines, i, line)) {
        break;
      }
      if (line.startsWith(">")) {
        continue;
      }
      kept.add(lines[i].stripTrailing());
    }
    while (!kept.isEmpty() && kept.getLast().isBlank()) {
      kept.removeLast();
    }
    while (!kept.isEmpty() && kept.getFirst().isBlank()) {
      kept.removeFirst();
    }
    return String.join("\n", kept);
  }

  private static boolean startsHistory(String[] lines, int i, String line) {
    if (line.contains(MARKER_EN) || line.contains(MARKER_ZH) || lines[i].equals("-- ")
        || ORIGINAL.matcher(line).matches() || RULE.matcher(line).matches()
        || WROTE.matcher(line).matches() || WROTE_ZH.matcher(line).matches()) {
      return true;
    }
    // Gmail wraps a long "On …, Name <address> wrote:" over two lines.
    if (i + 1 < lines.length && line.matches("(?i)^(On|Am|Le|El)\\s.*")
        && WROTE.matcher(line + " " + lines[i + 1].strip()).matches()) {
      return true;
    }
    // Outlook: "From: …" followed by "Sent: …", "To: …" or "Subject: …".
    if (HEADER_FROM.matcher(line).matches()) {
      for (int j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        if (HEADER_NEXT.matcher(lines[j].strip()).matches()) {
          return true;
        }
      }
    }
    return false;
  }
}
