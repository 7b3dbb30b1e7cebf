package org.okpay.support;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Cases, for the other parts of support, the help center and the pages. Every read for a
 * customer is scoped to that customer: another customer's case is "not found".
 */
public interface SupportApi {

  int CASES_PAGE_MAX = 100;

  /**
   * Opens a case, or returns the one already opened with the same {@link NewCase#sourceKey}.
   * Starts the SLA clocks, stores the first message, e-mails the confirmation with the
   * answer-by time in the customer's zone and leaves an in-app notice.
   */
  SupportCase open(NewCase request);

  /** A customer's cases, newest first, at most {@code limit} (capped at {@link #CASES_PAGE_MAX}). */
  List<SupportCase> casesOf(UUID customerId, int limit);

  /** One of the customer's cases; empty for an unknown id or another customer's case. */
  Optional<SupportCase> caseOf(UUID customerId, UUID caseId);
}
