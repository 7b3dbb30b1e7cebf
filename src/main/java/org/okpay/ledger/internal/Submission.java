package org.okpay.ledger.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;

/** One caller's transfers waiting for a writer; the future completes after the commit. */
record Submission(List<TransferRequest> requests, boolean linked,
    CompletableFuture<List<TransferResult>> results) {

  Submission(List<TransferRequest> requests, boolean linked) {
    this(List.copyOf(requests), linked, new CompletableFuture<>());
  }
}
