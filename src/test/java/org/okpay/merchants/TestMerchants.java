package org.okpay.merchants;

import java.util.Map;
import java.util.UUID;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.Role;
import org.okpay.merchants.MerchantsApi.Onboarding;
import org.springframework.stereotype.Component;

/**
 * The one way tests make a merchant: onboarded through the real {@link MerchantsApi} by its owner
 * (a new verified user unless given), verified at once by the sandbox's KYB, with a secret key.
 *
 * <pre>{@code
 * @Autowired TestMerchants merchants;
 * TestMerchants.Created m = merchants.merchant().owner(user).category(MerchantCategory.RETAIL)
 *     .settlement("USD").create();
 * String key = m.secretKey();                                           // okp_sk_test_...
 * String readOnly = merchants.key(m, Map.of(ApiResource.PAYMENTS, Access.READ)); // okp_rk_test_...
 * }</pre>
 */
@Component
public class TestMerchants {

  /**
   * A merchant made by the fixture.
   *
   * @param secretKey the whole secret of a secret key (write on everything)
   * @param owner the user who onboarded it, its owner
   */
  public record Created(UUID merchantId, String secretKey, TestUser owner, Merchant merchant) {
  }

  private final MerchantsApi merchants;
  private final TestUsers users;

  TestMerchants(MerchantsApi merchants, TestUsers users) {
    this.merchants = merchants;
    this.users = users;
  }

  public Builder merchant() {
    return new Builder();
  }

  /** A restricted key ({@code okp_rk_test_...}) of the merchant with these scopes. */
  public String key(Created merchant, Map<ApiResource, Access> scopes) {
    return merchants.createKey(current(merchant.owner()), merchant.merchantId(), "test restricted",
        scopes).secret();
  }

  /** The module's view of a fixture user (the HTTP path leaves {@code current} null). */
  public static CurrentUser current(TestUser user) {
    return user.current() != null ? user.current()
        : new CurrentUser(user.id(), user.email(), "Pat", Role.CUSTOMER, "en", true, null);
  }

  /** What the merchant should be; {@link #create()} makes it. */
  public final class Builder {

    private TestUser owner;
    private MerchantCategory category = MerchantCategory.RETAIL;
    private String settlement = "USD";
    private String businessName = "Test Shop";
    private String country = "US";
    private int refundWindowDays = MerchantsApi.REFUND_WINDOW_DAYS_DEFAULT;

    /** The owner; a new verified USD user when not given. */
    public Builder owner(TestUser user) {
      owner = user;
      return this;
    }

    public Builder category(MerchantCategory value) {
      category = value;
      return this;
    }

    /** The settlement currency, e.g. {@code "USD"}. */
    public Builder settlement(String currency) {
      settlement = currency;
      return this;
    }

    public Builder businessName(String name) {
      businessName = name;
      return this;
    }

    public Builder country(String code) {
      country = code;
      return this;
    }

    public Builder refundWindowDays(int days) {
      refundWindowDays = days;
      return this;
    }

    public Created create() {
      TestUser user = owner != null ? owner : users.user().create();
      CurrentUser current = current(user);
      Merchant merchant = merchants.onboard(current, new Onboarding(businessName, category,
          country, "https://shop.example", "support@shop.example", settlement,
          "Refunds within the window, no questions asked.", refundWindowDays));
      String secret = merchants.createKey(current, merchant.id(), "test secret", null).secret();
      return new Created(merchant.id(), secret, user, merchant);
    }
  }
}
