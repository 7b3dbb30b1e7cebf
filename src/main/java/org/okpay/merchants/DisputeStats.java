package org.okpay.merchants;

import java.util.UUID;

/**
 * A plug-in the support module provides (as a bean) so that reputation can count disputes
 * without merchants depending on support: support depends on merchants, never the other way.
 * When no bean exists (support not deployed) reputation counts zero disputes.
 */
public interface DisputeStats {

  /**
   * @param opened disputes customers opened on the merchant's payments, any state
   * @param lost disputes decided for the customer (the held money went back to them, or the
   *     merchant conceded)
   */
  record Counts(long opened, long lost) {

    public static final Counts NONE = new Counts(0, 0);
  }

  /** The merchant's dispute counts; zeros for a merchant without disputes. */
  Counts counts(UUID merchantId);
}
