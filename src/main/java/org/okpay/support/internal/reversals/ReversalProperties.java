package org.okpay.support.internal.reversals;

import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code okpay.support.reversals}.
 *
 * @param secondApprovalAboveMinor per currency code (and {@code default} for the rest): above
 *     this amount, in minor units, a second staff member must approve
 * @param resumeAfter an approved request whose money has not moved this long after is carried
 *     out again by the resume job
 */
@ConfigurationProperties("okpay.support.reversals")
record ReversalProperties(Map<String, Long> secondApprovalAboveMinor, Duration resumeAfter) {

  static final String DEFAULT = "default";

  ReversalProperties {
    secondApprovalAboveMinor = secondApprovalAboveMinor == null ? Map.of()
        : Map.copyOf(secondApprovalAboveMinor);
    if (!secondApprovalAboveMinor.containsKey(DEFAULT)
        || secondApprovalAboveMinor.values().stream().anyMatch(v -> v == null || v < 0)) {
      throw new IllegalArgumentException("okpay.support.reversals.second-approval-above-minor"
          + " needs a default and no negative amount");
    }
    resumeAfter = resumeAfter == null ? Duration.ofMinutes(1) : resumeAfter;
  }

  /** The amount in minor units above which a second approval is needed. */
  long thresholdMinor(Currency currency) {
    return secondApprovalAboveMinor.getOrDefault(currency.getCurrencyCode(),
        secondApprovalAboveMinor.get(DEFAULT));
  }
}
