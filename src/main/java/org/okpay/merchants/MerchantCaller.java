package org.okpay.merchants;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;

/**
 * Who acts for a merchant: an API key (on {@code /api/v1/merchant/**}, given to controllers as a
 * method argument) or a staff member on the dashboard ({@link MerchantsApi#dashboardCaller}).
 * Every query made for it is scoped with {@code merchant_id = merchantId()}.
 *
 * @param apiKeyId the key used; null for a staff member on the dashboard
 * @param userId the staff member; null for an API key
 * @param scopes every {@link ApiResource} with its access (a missing one is {@link Access#NONE})
 */
public record MerchantCaller(UUID merchantId, UUID apiKeyId, UUID userId,
    Map<ApiResource, Access> scopes) {

  public MerchantCaller {
    Objects.requireNonNull(merchantId, "merchantId");
    Map<ApiResource, Access> all = new EnumMap<>(ApiResource.class);
    for (ApiResource resource : ApiResource.values()) {
      all.put(resource, scopes == null ? Access.NONE : scopes.getOrDefault(resource, Access.NONE));
    }
    scopes = Collections.unmodifiableMap(all);
  }

  public Access access(ApiResource resource) {
    return scopes.get(resource);
  }

  public boolean allows(ApiResource resource, Access needed) {
    return access(resource).allows(needed);
  }

  /** Refuses with 403 {@code api_key_scope_missing} unless the caller has {@code needed}. */
  public void require(ApiResource resource, Access needed) {
    if (!allows(resource, needed)) {
      throw new OkPayException(ErrorCode.API_KEY_SCOPE_MISSING,
          Map.of("resource", resource.key(), "access", needed.key()));
    }
  }

  /** True for a staff member on the dashboard (a signed-in user), false for an API key. */
  public boolean dashboard() {
    return apiKeyId == null;
  }
}
