package org.okpay.ledger;

import java.util.UUID;

/**
 * The outcome of one transfer, given to its caller only after the batch that holds it committed.
 *
 * @param transfer the stored transfer for OK and EXISTS; null for a failure
 */
public record TransferResult(UUID id, TransferResultCode code, Transfer transfer) {

  public boolean succeeded() {
    return code.succeeded();
  }
}
