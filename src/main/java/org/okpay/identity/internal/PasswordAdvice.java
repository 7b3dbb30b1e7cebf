package org.okpay.identity.internal;

import org.springframework.context.MessageSourceResolvable;

/** Why a password was refused, in the reader's language ({@code password.<reason>}). */
record PasswordAdvice(String reason) implements MessageSourceResolvable {

  @Override
  public String[] getCodes() {
    return new String[] {"password." + reason};
  }
}
