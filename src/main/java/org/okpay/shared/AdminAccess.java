package org.okpay.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator credential until staff accounts exist: one token from {@code OKPAY_ADMIN_TOKEN}.
 * Unset means no operator access at all.
 */
@Component
public class AdminAccess {

  private final byte[] token;

  AdminAccess(@Value("${okpay.admin-token:}") String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  public boolean enabled() {
    return token.length > 0;
  }

  /** Constant-time comparison, so response timing says nothing about the token. */
  public boolean matches(String candidate) {
    return enabled() && candidate != null
        && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), token);
  }
}
