package org.okpay.support.internal.cases;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.SupportApi;

/**
 * What may be attached: at most 5 MB of PNG, JPEG, PDF or UTF-8 plain text. The type comes
 * from the bytes (their magic numbers), not from what the client said, so an HTML page named
 * {@code .png} is refused; the file name is cut to a safe one for the download header.
 */
final class CaseFiles {

  static final int FILE_NAME_LENGTH_MAX = 120;

  private CaseFiles() {
  }

  /** The checked file: its real type and a safe name. */
  record Checked(String fileName, String contentType, byte[] content, String sha256) {
  }

  static Checked check(SupportApi.Upload upload) {
    byte[] bytes = upload.content();
    if (bytes == null || bytes.length == 0) {
      throw FieldErrors.invalid("file", FieldErrors.REQUIRED);
    }
    if (bytes.length > SupportApi.ATTACHMENT_BYTES_MAX) {
      throw new OkPayException(ErrorCode.CASE_ATTACHMENT_TOO_LARGE,
          java.util.Map.of("maxBytes", SupportApi.ATTACHMENT_BYTES_MAX));
    }
    String type = sniff(bytes).orElseThrow(
        () -> new OkPayException(ErrorCode.CASE_ATTACHMENT_TYPE));
    return new Checked(safeName(upload.fileName(), type), type, bytes, sha256(bytes));
  }

  static Optional<String> sniff(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of("image/png");
    }
    if (starts(b, 0xFF, 0xD8, 0xFF)) {
      return Optional.of("image/jpeg");
    }
    if (starts(b, '%', 'P', 'D', 'F', '-')) {
      return Optional.of("application/pdf");
    }
    return plainText(b) ? Optional.of("text/plain") : Optional.empty();
  }

  /**
   * UTF-8 without control characters other than tab, CR and LF, and not markup a browser could
   * take for a page (it is served as text/plain with nosniff anyway).
   */
  private static boolean plainText(byte[] b) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    String head = text.stripLeading().toLowerCase(Locale.ROOT);
    return !(head.startsWith("<!doctype") || head.startsWith("<html") || head.startsWith("<svg")
        || head.startsWith("<?xml") || head.startsWith("<script"));
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Letters, digits and {@code . _ -} of any script; the extension fits the real type. */
  static String safeName(String name, String type) {
    String base = name == null ? "" : name.replaceAll(".*[/\\\\]", "");
    base = base.replaceAll("[^\\p{L}\\p{N}._ -]", "_").strip();
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    if (stem.isBlank()) {
      stem = "attachment";
    }
    if (stem.length() > FILE_NAME_LENGTH_MAX) {
      stem = stem.substring(0, FILE_NAME_LENGTH_MAX);
    }
    return stem + switch (type) {
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "application/pdf" -> ".pdf";
      default -> ".txt";
    };
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
