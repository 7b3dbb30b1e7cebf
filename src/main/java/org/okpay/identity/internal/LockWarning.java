package org.okpay.identity.internal;

import java.time.Duration;
import org.springframework.context.MessageSourceResolvable;

/**
 * The warning of a refused sign-in from the third failure in a row: how many tries are left
 * before the account locks, and for how long it then locks (null: until a password reset),
 * resolved in the reader's language when the problem is built.
 */
record LockWarning(int attemptsLeft, Duration lock) implements MessageSourceResolvable {

  @Override
  public String[] getCodes() {
    if (lock == null) {
      return new String[] {"lock.warning.hard"};
    }
    return new String[] {lock.toMinutes() % 60 == 0 ? "lock.warning.hours"
        : "lock.warning.minutes"};
  }

  @Override
  public Object[] getArguments() {
    if (lock == null) {
      return new Object[] {attemptsLeft};
    }
    long amount = lock.toMinutes() % 60 == 0 ? lock.toHours() : lock.toMinutes();
    return new Object[] {attemptsLeft, amount};
  }
}
