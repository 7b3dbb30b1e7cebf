package org.okpay.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only JSON-lines copy of every checkpoint this instance signed, beside the signing
 * key ({@code <data-dir>/checkpoints.jsonl}). It lives outside the database, so someone who
 * deletes the tail of a chain and the checkpoint rows about it is still caught. Each line is
 * written and forced to disk before the checkpoint's transaction commits.
 */
final class CheckpointFile {

  static final String FILE_NAME = "checkpoints.jsonl";

  private static final Logger log = LoggerFactory.getLogger(CheckpointFile.class);
  /** A longer line is not one this class wrote. */
  private static final int LINE_MAX = 1000;

  private final Path file;
  private final JsonMapper json;

  CheckpointFile(Path dataDir, JsonMapper json) {
    this.file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    this.json = json;
  }

  Path path() {
    return file;
  }

  synchronized void append(List<Checkpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (Checkpoint cp : checkpoints) {
      Map<String, Object> line = new java.util.LinkedHashMap<>();
      line.put("chain", cp.chain());
      line.put("lastSeq", cp.lastSeq());
      line.put("lastHash", cp.lastHash());
      line.put("at", Canonical.instant(cp.at()));
      line.put("keyId", cp.keyId());
      line.put("publicKey", cp.publicKey());
      line.put("signature", cp.signature());
      lines.append(json.writeValueAsString(line)).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
    } catch (IOException e) {
      throw new IllegalStateException("audit: cannot append to " + file, e);
    }
  }

  /**
   * The checkpoint with the highest seq of each chain in the file. A line that does not parse
   * (a write cut short by a crash) is skipped with a warning; verify still checks every
   * signature it uses.
   */
  synchronized Map<String, Checkpoint> latestPerChain() {
    Map<String, Checkpoint> latest = new HashMap<>();
    if (!Files.exists(file)) {
      return latest;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("audit: cannot read " + file, e);
    }
    int skipped = 0;
    for (String line : lines) {
      Checkpoint cp = parse(line);
      if (cp == null) {
        skipped += line.isBlank() ? 0 : 1;
        continue;
      }
      latest.merge(cp.chain(), cp, (a, b) -> b.lastSeq() >= a.lastSeq() ? b : a);
    }
    if (skipped > 0) {
      log.warn("audit: {} unreadable line(s) in {} skipped", skipped, file);
    }
    return latest;
  }

  private Checkpoint parse(String line) {
    if (line.isBlank() || line.length() > LINE_MAX) {
      return null;
    }
    try {
      JsonNode node = json.readTree(line);
      return new Checkpoint(node.get("chain").asString(), node.get("lastSeq").asLong(),
          node.get("lastHash").asString(), Instant.parse(node.get("at").asString()),
          node.get("keyId").asString(), node.get("publicKey").asString(),
          node.get("signature").asString());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
