package org.okpay.payments.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.PaymentsAdminApi;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.Money;
import org.springframework.stereotype.Service;

/** {@link PaymentsAdminApi} over the reviews, the reconciler and its findings. */
@Service
class PaymentsAdmin implements PaymentsAdminApi {

  /** Who acted when no staff name is given: the operator token has no person behind it. */
  static final String OPERATOR = "operator";

  private final Reviews reviews;
  private final Reconciler reconciler;
  private final Findings findings;
  private final IdentityApi identity;
  private final Clock clock;

  PaymentsAdmin(Reviews reviews, Reconciler reconciler, Findings findings, IdentityApi identity,
      Clock clock) {
    this.reviews = reviews;
    this.reconciler = reconciler;
    this.findings = findings;
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public List<HeldPayment> heldForReview() {
    return reviews.waiting().stream().map(this::held).toList();
  }

  @Override
  public Decision approve(UUID transactionId, String staff) {
    return decision(reviews.approve(transactionId, who(staff)));
  }

  @Override
  public Decision reject(UUID transactionId, String staff) {
    return decision(reviews.reject(transactionId, who(staff)));
  }

  @Override
  public ReconciliationRun runReconciliation() {
    return reconciler.run();
  }

  @Override
  public List<ReconciliationRun> runs(int limit) {
    return findings.runs(limit);
  }

  @Override
  public List<Finding> findings(boolean openOnly, int limit) {
    return findings.list(openOnly, limit);
  }

  @Override
  public Finding resolve(long findingId, String resolution, String staff) {
    String text = resolution == null ? "" : resolution.strip();
    if (text.isEmpty() || text.length() > RESOLUTION_MAX) {
      throw FieldErrors.invalid("resolution",
          text.isEmpty() ? FieldErrors.REQUIRED : FieldErrors.TOO_LONG);
    }
    return findings.resolve(findingId, who(staff), text, clock.instant());
  }

  private HeldPayment held(PaymentTransaction t) {
    String email = identity.contact(t.userId()).map(IdentityApi.Contact::email).orElse(null);
    return new HeldPayment(t.id(), t.userId(), email,
        org.okpay.payments.Operation.find(t.operation()).orElse(null),
        new Money(t.amountMinor(), t.currency()), new Money(t.feeMinor(), t.currency()),
        t.counterparty(), t.riskReasons(), t.createdAt(), t.operation());
  }

  private static Decision decision(PaymentTransaction t) {
    return new Decision(t.id(), t.state(), Views.failure(t));
  }

  private static String who(String staff) {
    return staff == null || staff.isBlank() ? OPERATOR : staff;
  }
}
