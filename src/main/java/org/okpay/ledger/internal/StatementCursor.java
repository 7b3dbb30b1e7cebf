package org.okpay.ledger.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.okpay.ledger.StatementLine;

/**
 * Where a statement page ends: the last line's time and sequence number, the key of the account
 * indexes it walks. As text {@code <microseconds since 1970>.<seq>}; opaque to clients.
 */
record StatementCursor(Instant createdAt, long seq) {

  static StatementCursor after(StatementLine line) {
    return new StatementCursor(line.createdAt(), line.sequence());
  }

  String text() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "." + seq;
  }

  /** Empty when {@code text} is not a cursor this class wrote. */
  static Optional<StatementCursor> parse(String text) {
    int dot = text.indexOf('.');
    if (dot < 1 || dot == text.length() - 1) {
      return Optional.empty();
    }
    try {
      long micros = Long.parseLong(text, 0, dot, 10);
      long seq = Long.parseLong(text, dot + 1, text.length(), 10);
      return seq > 0 && micros >= 0
          ? Optional.of(new StatementCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), seq))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
