package org.okpay.merchants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;

/** Scopes: write implies read, read is not write, none is nothing, and the roles' fixed scopes. */
class MerchantCallerTest {

  private static MerchantCaller key(Map<ApiResource, Access> scopes) {
    return new MerchantCaller(UUID.randomUUID(), UUID.randomUUID(), null, scopes);
  }

  @Test
  void aReadScopeReadsButCannotWrite() {
    MerchantCaller caller = key(Map.of(ApiResource.REFUNDS, Access.READ));

    caller.require(ApiResource.REFUNDS, Access.READ);
    assertThatThrownBy(() -> caller.require(ApiResource.REFUNDS, Access.WRITE))
        .isInstanceOfSatisfying(OkPayException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.API_KEY_SCOPE_MISSING);
          assertThat(e.errorCode().status().value()).isEqualTo(403);
          assertThat(e.properties()).containsEntry("resource", "refunds")
              .containsEntry("access", "write");
        });
  }

  @Test
  void writeImpliesReadAndAResourceNotNamedIsNone() {
    MerchantCaller caller = key(Map.of(ApiResource.CHECKOUT, Access.WRITE));

    assertThat(caller.allows(ApiResource.CHECKOUT, Access.READ)).isTrue();
    assertThat(caller.access(ApiResource.PAYMENTS)).isEqualTo(Access.NONE);
    assertThatThrownBy(() -> caller.require(ApiResource.PAYMENTS, Access.READ))
        .isInstanceOf(OkPayException.class);
    assertThat(caller.scopes()).hasSize(ApiResource.values().length);
  }

  @Test
  void rolesHaveTheContractsScopes() {
    assertThat(MerchantRole.OWNER.scopes().values()).containsOnly(Access.WRITE);
    assertThat(MerchantRole.DEVELOPER.scopes()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ApiResource.CHECKOUT, Access.WRITE, ApiResource.WEBHOOKS, Access.WRITE,
        ApiResource.PAYMENTS, Access.READ, ApiResource.BALANCE, Access.READ,
        ApiResource.REFUNDS, Access.READ, ApiResource.DISPUTES, Access.READ));
    assertThat(MerchantRole.SUPPORT.scopes()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ApiResource.PAYMENTS, Access.READ, ApiResource.CHECKOUT, Access.READ,
        ApiResource.BALANCE, Access.READ, ApiResource.REFUNDS, Access.WRITE,
        ApiResource.WEBHOOKS, Access.NONE, ApiResource.DISPUTES, Access.WRITE));
  }
}
