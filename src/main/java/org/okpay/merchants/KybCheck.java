package org.okpay.merchants;

/**
 * Know-your-business verification of a newly onboarded merchant: the place a real operator plugs
 * in its KYB provider by declaring a bean of this type. Without one, the sandbox's check verifies
 * every merchant at once. A provider that answers later returns {@link Merchant.Verification#PENDING}
 * now and records its decision afterwards with {@link MerchantsApi#decideVerification}. A
 * rejected merchant's API keys stop working.
 */
public interface KybCheck {

  /** Decides (or starts deciding) whether the merchant may take payments. */
  Merchant.Verification check(Merchant merchant);
}
