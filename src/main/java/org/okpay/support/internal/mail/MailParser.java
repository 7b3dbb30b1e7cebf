package org.okpay.support.internal.mail;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an e-mail from the mailbox into an {@link InboundMail}: plain text preferred over HTML
 * (whose tags are dropped, never kept), the quoted history cut off, attachments bounded in size
 * and number, nesting bounded. Nothing in the mail is trusted beyond that: the case it belongs
 * to and whether its sender may write to it are decided by the caller.
 */
final class MailParser {

  static final int SUBJECT_MAX = 500;
  static final int TEXT_MAX = 10_000; // a case message holds at most this
  static final int ATTACHMENTS_MAX = 5;
  static final int ATTACHMENT_BYTES_MAX = 5 * 1024 * 1024;
  private static final int DEPTH_MAX = 8;
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern BLOCK = Pattern.compile(
      "(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote)\\b[^>]*>");
  private static final Pattern DROPPED = Pattern.compile(
      "(?is)<\\s*(style|script|head|blockquote)\\b.*?<\\s*/\\s*\\1\\s*>");
  private static final Pattern GMAIL_QUOTE = Pattern.compile(
      "(?is)<div[^>]*class=\"?gmail_quote.*");

  private MailParser() {
  }

  static InboundMail parse(Message message) throws MessagingException, IOException {
    Parts parts = new Parts();
    walk(message, parts, 0);
    String text = parts.plain != null ? parts.plain : parts.html != null ? htmlText(parts.html) : "";
    String stripped = QuotedHistory.strip(text);
    if (stripped.length() > TEXT_MAX) {
      stripped = stripped.substring(0, TEXT_MAX);
    }
    String subject = message.getSubject();
    if (subject != null && subject.length() > SUBJECT_MAX) {
      subject = subject.substring(0, SUBJECT_MAX);
    }
    return new InboundMail(messageId(message), from(message), recipients(message), subject,
        stripped, autoSubmitted(message), List.copyOf(parts.attachments), parts.dropped);
  }

  private static final class Parts {
    String plain;
    String html;
    final List<InboundMail.Attachment> attachments = new ArrayList<>();
    int dropped;
  }

  private static void walk(Part part, Parts parts, int depth)
      throws MessagingException, IOException {
    if (depth > DEPTH_MAX) {
      return;
    }
    String disposition = part.getDisposition();
    boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition)
        || (part.getFileName() != null && !part.isMimeType("multipart/*"));
    if (attachment) {
      attach(part, parts);
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < Math.min(multipart.getCount(), 50); i++) {
        BodyPart child = multipart.getBodyPart(i);
        walk(child, parts, depth + 1);
      }
    } else if (part.isMimeType("text/plain") && parts.plain == null) {
      parts.plain = String.valueOf(part.getContent());
    } else if (part.isMimeType("text/html") && parts.html == null) {
      parts.html = String.valueOf(part.getContent());
    }
  }

  private static void attach(Part part, Parts parts) throws MessagingException, IOException {
    if (parts.attachments.size() >= ATTACHMENTS_MAX) {
      parts.dropped++;
      return;
    }
    byte[] bytes = readAtMost(part.getInputStream(), ATTACHMENT_BYTES_MAX);
    if (bytes == null) {
      parts.dropped++;
      return;
    }
    String name = part.getFileName() == null ? "attachment"
        : MimeUtility.decodeText(part.getFileName());
    String type = part.getContentType() == null ? "application/octet-stream"
        : part.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    parts.attachments.add(new InboundMail.Attachment(name, type, bytes));
  }

  /** The bytes, or null when there are more than {@code max}. */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > max) {
          return null;
        }
      }
      return out.toByteArray();
    }
  }

  /** The text of an HTML body: quotes, styles and scripts dropped, then every tag. */
  static String htmlText(String html) {
    String s = GMAIL_QUOTE.matcher(html).replaceAll("");
    s = DROPPED.matcher(s).replaceAll("");
    s = BLOCK.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
  }

  private static String from(Message message) throws MessagingException {
    Address[] from;
    try {
      from = message.getFrom();
    } catch (AddressException e) {
      return null;
    }
    if (from == null || from.length != 1 || !(from[0] instanceof InternetAddress address)
        || address.getAddress() == null) {
      return null; // several From addresses: nobody in particular wrote it
    }
    return address.getAddress().strip().toLowerCase(Locale.ROOT);
  }

  private static List<String> recipients(Message message) throws MessagingException {
    Set<String> out = new LinkedHashSet<>();
    for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
      Address[] addresses;
      try {
        addresses = message.getRecipients(type);
      } catch (AddressException e) {
        continue;
      }
      if (addresses != null) {
        for (Address a : addresses) {
          if (a instanceof InternetAddress ia && ia.getAddress() != null) {
            out.add(ia.getAddress().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    for (String header : List.of("Delivered-To", "X-Original-To")) {
      String[] values = message.getHeader(header);
      if (values != null) {
        for (String v : values) {
          out.add(v.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean autoSubmitted(Message message) throws MessagingException {
    String[] auto = message.getHeader("Auto-Submitted");
    if (auto != null && auto.length > 0 && !auto[0].strip().equalsIgnoreCase("no")) {
      return true;
    }
    String[] precedence = message.getHeader("Precedence");
    return precedence != null && precedence.length > 0
        && precedence[0].strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply");
  }

  /** The Message-ID, or a stable stand-in from the headers when the mail has none. */
  private static String messageId(Message message) throws MessagingException {
    if (message instanceof MimeMessage mime && mime.getMessageID() != null
        && !mime.getMessageID().isBlank() && mime.getMessageID().length() <= 998) {
      return mime.getMessageID().strip();
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String name : List.of("From", "Date", "Subject", "To")) {
        String[] values = message.getHeader(name);
        digest.update((name + ":" + (values == null ? "" : String.join(",", values)) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return "<no-id." + HexFormat.of().formatHex(digest.digest()) + "@okpay.local>";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
