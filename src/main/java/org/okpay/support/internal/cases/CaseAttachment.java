package org.okpay.support.internal.cases;

import java.time.Instant;
import java.util.UUID;

/** A file sent with a message (its bytes only in {@link File}). */
public record CaseAttachment(UUID id, UUID caseId, UUID messageId, String fileName,
    String contentType, int sizeBytes, Instant createdAt) {

  /** The bytes to download, with what to call them. */
  public record File(String fileName, String contentType, byte[] content) {
  }
}
