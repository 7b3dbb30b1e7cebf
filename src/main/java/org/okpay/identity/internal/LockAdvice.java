package org.okpay.identity.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.context.MessageSourceResolvable;

/**
 * The "how to unlock" sentence of an account-locked error, resolved in the reader's language
 * when the error's message is built: until when a temporary lock lasts, or that only a reset
 * or support lifts a hard lock.
 */
record LockAdvice(Instant until) implements MessageSourceResolvable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Override
  public String[] getCodes() {
    return new String[] {until == null ? "lock.hard" : "lock.until"};
  }

  @Override
  public Object[] getArguments() {
    return until == null ? new Object[0] : new Object[] {TIME.format(until)};
  }
}
