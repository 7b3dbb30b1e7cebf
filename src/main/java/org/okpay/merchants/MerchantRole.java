package org.okpay.merchants;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A staff member's role at a merchant. It decides what the dashboard shows and allows (the same
 * scopes an API key has), and who manages staff (owners) and keys (owners and developers).
 */
public enum MerchantRole {
  OWNER, DEVELOPER, SUPPORT;

  private static final Map<MerchantRole, Map<ApiResource, Access>> SCOPES =
      new EnumMap<>(MerchantRole.class);

  static {
    SCOPES.put(OWNER, scopes(Access.WRITE, Access.WRITE, Access.WRITE, Access.WRITE, Access.WRITE));
    // Developers build the integration: checkout and webhooks; they see money, but do not move it.
    SCOPES.put(DEVELOPER, scopes(Access.READ, Access.WRITE, Access.READ, Access.WRITE, Access.READ));
    // Support answers customers: sees payments and checkouts, refunds, never touches webhooks.
    SCOPES.put(SUPPORT, scopes(Access.READ, Access.READ, Access.WRITE, Access.NONE, Access.READ));
  }

  private static Map<ApiResource, Access> scopes(Access payments, Access checkout,
      Access refunds, Access webhooks, Access balance) {
    Map<ApiResource, Access> scopes = new EnumMap<>(ApiResource.class);
    scopes.put(ApiResource.PAYMENTS, payments);
    scopes.put(ApiResource.CHECKOUT, checkout);
    scopes.put(ApiResource.REFUNDS, refunds);
    scopes.put(ApiResource.WEBHOOKS, webhooks);
    scopes.put(ApiResource.BALANCE, balance);
    // Disputes are answered by whoever answers refunds; developers only look.
    scopes.put(ApiResource.DISPUTES, refunds == Access.WRITE ? Access.WRITE : Access.READ);
    return Collections.unmodifiableMap(scopes);
  }

  /** Every resource with this role's access. */
  public Map<ApiResource, Access> scopes() {
    return SCOPES.get(this);
  }

  /** Owners and developers manage API keys (within their own scopes); support does not. */
  public boolean managesKeys() {
    return this != SUPPORT;
  }

  /** Only owners invite, change roles and remove staff. */
  public boolean managesStaff() {
    return this == OWNER;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown key */
  public static MerchantRole fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
