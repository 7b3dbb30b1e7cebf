package org.okpay.merchants;

import java.util.Locale;

/** How far a key or role reaches into one {@link ApiResource}: ordered, WRITE implies READ. */
public enum Access {
  NONE, READ, WRITE;

  /** True when this access is at least {@code needed}. */
  public boolean allows(Access needed) {
    return compareTo(needed) >= 0;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown key */
  public static Access fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
