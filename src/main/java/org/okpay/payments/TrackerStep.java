package org.okpay.payments;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of a transaction's tracker, as stored in payments.transaction_steps and shown to its
 * users ({@link TransactionView.Step#step()} is the key). Who sees what is declared here, not
 * matched by prefix.
 */
public enum TrackerStep {
  CREATED(true, false),
  HELD_FOR_REVIEW(true, false),
  REVIEW_APPROVED(true, true),
  REVIEW_REJECTED(true, true),
  /** Money set aside in the sender's balance; the recipient does not see the sender's holds. */
  HOLD_PLACED(false, false),
  SENT_TO_RAIL(true, false),
  IN_TRANSIT(true, false),
  AWAITING_BANK(true, false),
  /** A top-up reached the balance. */
  CREDITED(true, false),
  /** Money sent out over a rail arrived. */
  ARRIVED(true, false),
  /** Money moved inside OKPay. */
  COMPLETED(true, false),
  FAILED(true, false),
  RETURNED(true, false),
  COMPLAINT_FILED(true, false);

  private final boolean shownToRecipient;
  private final boolean detailStaffOnly;

  TrackerStep(boolean shownToRecipient, boolean detailStaffOnly) {
    this.shownToRecipient = shownToRecipient;
    this.detailStaffOnly = detailStaffOnly;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the other user of a payment between users sees this step. */
  public boolean shownToRecipient() {
    return shownToRecipient;
  }

  /** Whether the step's detail (e.g. which agent decided a review) is for staff only. */
  public boolean detailStaffOnly() {
    return detailStaffOnly;
  }

  public static Optional<TrackerStep> fromKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
  }
}
