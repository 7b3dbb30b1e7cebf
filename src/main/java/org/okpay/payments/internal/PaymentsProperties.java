package org.okpay.payments.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The knobs of money movement (see README "Configuration").
 *
 * @param velocityMax most money-moving requests one user may make within {@code velocityWindow}
 * @param largeAmountFactor an amount this many times the user's usual one counts as unusual
 * @param largeAmountFloorMinor below this (in the limits' currency) no amount counts as unusual;
 *     with no history, an amount above it does
 * @param newDeviceWindow a device first used within this is "new"
 * @param reconcileInterval how often the reconciliation job runs
 * @param reconcileBatchMax most transactions one run looks at
 * @param staleAfter a transaction left in "created" this long was interrupted
 * @param returnWatch how long after completion a payout is still checked for a return
 */
@ConfigurationProperties("okpay.payments")
public record PaymentsProperties(
    int velocityMax,
    Duration velocityWindow,
    int largeAmountFactor,
    long largeAmountFloorMinor,
    Duration newDeviceWindow,
    Duration reconcileInterval,
    int reconcileBatchMax,
    Duration staleAfter,
    Duration returnWatch) {

  public PaymentsProperties {
    if (velocityMax < 1 || largeAmountFactor < 2 || largeAmountFloorMinor < 0
        || reconcileBatchMax < 1 || reconcileBatchMax > 10_000) {
      throw new IllegalArgumentException("okpay.payments: a limit is out of range");
    }
  }
}
