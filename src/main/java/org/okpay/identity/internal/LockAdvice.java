package org.okpay.identity.internal;

import java.time.Instant;
import org.okpay.shared.LocalTimes;
import org.okpay.shared.ReaderZone;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * The "how to unlock" sentence of an account-locked error, resolved in the reader's language
 * when the error's message is built: until when a temporary lock lasts, in the reader's time zone
 * with the zone named and how long that is from now ("10:47 China Standard Time (in 15
 * minutes)"), or that only a reset or support lifts a hard lock. The reader's zone is the
 * signed-out browser's (okpay.js reports it in a cookie), else UTC, named as such; the problem's
 * {@code lockedUntil} stays an ISO-8601 UTC instant.
 */
record LockAdvice(Instant until, Instant now) implements MessageSourceResolvable {

  @Override
  public String[] getCodes() {
    return new String[] {until == null ? "lock.hard" : "lock.untilLocal"};
  }

  @Override
  public Object[] getArguments() {
    return until == null ? new Object[0] : new Object[] {
        LocalTimes.at(until, ReaderZone.current(), LocaleContextHolder.getLocale()),
        LocalTimes.relative(until, now)};
  }
}
