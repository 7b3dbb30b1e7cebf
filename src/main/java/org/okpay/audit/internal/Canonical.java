package org.okpay.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical form of an audit row and its hash. The form is fixed so that anyone can
 * recompute a hash from the stored columns: a version line, then every field in a fixed order as
 * {@code name:<utf-8 byte length>:value\n} ({@code name:~\n} for null), then the details sorted
 * by key the same way. Lengths make the form unambiguous whatever a value contains. The instant
 * is UTC with exactly six fraction digits, the precision PostgreSQL keeps. The hash is
 * SHA-256(prev_hash bytes || form), in lower-case hex.
 */
final class Canonical {

  static final String GENESIS = "0".repeat(64);

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private Canonical() {
  }

  /** One row as stored (values already bounded and cleaned). */
  record Row(String chain, long seq, Instant at, String action, String actorType,
      String actorId, String subjectType, String subjectId, String reason,
      Map<String, String> details) {

    Row withSeq(long newSeq) {
      return new Row(chain, newSeq, at, action, actorType, actorId, subjectType, subjectId,
          reason, details);
    }
  }

  static String hash(String prevHashHex, Row row) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(HEX.parseHex(prevHashHex));
      sha.update(form(row));
      return HEX.formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static byte[] form(Row row) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    line(out, "okpay-audit", "v1");
    line(out, "chain", row.chain());
    line(out, "seq", Long.toString(row.seq()));
    line(out, "at", instant(row.at()));
    line(out, "action", row.action());
    line(out, "actor_type", row.actorType());
    line(out, "actor_id", row.actorId());
    line(out, "subject_type", row.subjectType());
    line(out, "subject_id", row.subjectId());
    line(out, "reason", row.reason());
    line(out, "details", Integer.toString(row.details().size()));
    for (Map.Entry<String, String> e : new TreeMap<>(row.details()).entrySet()) {
      line(out, "key", e.getKey());
      line(out, "value", e.getValue());
    }
    return out.toByteArray();
  }

  static String instant(Instant at) {
    return MICROS.format(at);
  }

  private static void line(ByteArrayOutputStream out, String name, String value) {
    out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
    if (value == null) {
      out.writeBytes(":~\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((":" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bytes);
    out.write('\n');
  }
}
