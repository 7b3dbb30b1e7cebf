package org.okpay.notify;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The e-mails OKPay sends. Each has an HTML and a plain-text template under
 * {@code templates/mail/<key>.html|.txt}, its subject under {@code mail.<key>.subject}, and its
 * other texts under {@code mail.<key>.*} in both message files. {@code time} values are
 * {@link java.time.Instant}s, shown in the recipient's language in UTC.
 */
public enum EmailTemplate {
  /** Confirm an address: {@code link}, {@code expiresInMinutes}; optional {@code name}. */
  VERIFY_EMAIL("verify-email", Set.of("link", "expiresInMinutes"), Set.of("name")),
  /**
   * A single-use password-reset link: {@code link}, {@code expiresInMinutes}; optional
   * {@code name}, {@code ip} (where the request came from).
   */
  PASSWORD_RESET("password-reset", Set.of("link", "expiresInMinutes"), Set.of("name", "ip")),
  /**
   * The password was changed: {@code time}; optional {@code name}, {@code ip}, {@code device},
   * {@code link} (where to secure the account).
   */
  PASSWORD_CHANGED("password-changed", Set.of("time"), Set.of("name", "ip", "device", "link")),
  /**
   * A sign-in from a device not seen before: {@code time}, {@code device}; optional
   * {@code name}, {@code ip}, {@code link} (where to say "this was not me").
   */
  NEW_DEVICE_LOGIN("new-device-login", Set.of("time", "device"), Set.of("name", "ip", "link")),
  /** The account was frozen: {@code time}; optional {@code name}, {@code link} (help). */
  ACCOUNT_FROZEN("account-frozen", Set.of("time"), Set.of("name", "link")),
  /**
   * Anything else, with texts the caller already wrote in the recipient's language:
   * {@code subject}, {@code heading}, {@code message}; optional {@code name}, {@code link},
   * {@code linkText}.
   */
  GENERIC("generic", Set.of("subject", "heading", "message"), Set.of("name", "link", "linkText"));

  private final String key;
  private final Set<String> required;
  private final Set<String> allowed;

  EmailTemplate(String key, Set<String> required, Set<String> optional) {
    this.key = key;
    this.required = required;
    Set<String> all = new HashSet<>(required);
    all.addAll(optional);
    this.allowed = Set.copyOf(all);
  }

  /** The stable name, used in template file names, message keys and the database. */
  public String key() {
    return key;
  }

  public Set<String> requiredVariables() {
    return required;
  }

  /** Required and optional variables; any other variable is refused. */
  public Set<String> allowedVariables() {
    return allowed;
  }

  public static EmailTemplate fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown e-mail template: " + key));
  }
}
