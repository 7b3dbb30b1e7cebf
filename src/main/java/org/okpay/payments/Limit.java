package org.okpay.payments;

import java.util.Currency;

/**
 * How much of an operation one user may do per day and per month, counted in
 * {@code limitCurrency} (other currencies converted with {@link PricingApi#equivalentMinor}).
 * A cap of 0 means the operation is not allowed at all for this kind of user.
 */
public record Limit(Operation operation, Currency limitCurrency, long dailyMinor,
    long monthlyMinor) {
}
