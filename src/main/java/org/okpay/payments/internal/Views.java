package org.okpay.payments.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentTransaction;
import org.okpay.payments.TrackerStep;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;
import org.okpay.status.ComponentState;
import org.okpay.status.StatusApi;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A transaction as one of its two users sees it. */
@Component
class Views {

  /**
   * Senders read in one query at most: a statement's month may hold thousands, a CSV page up to
   * 1,000. The ids go as one array parameter (one statement text whatever their number), so a
   * month of a busy wallet is one round trip instead of one per 500.
   */
  static final int SENDERS_PER_READ = 5000;

  private final TransactionStore store;
  private final IdentityApi identity;
  private final StatusApi status;
  private final JdbcClient jdbc;
  private final Clock clock;

  Views(TransactionStore store, IdentityApi identity, StatusApi status, JdbcClient jdbc,
      Clock clock) {
    this.store = store;
    this.identity = identity;
    this.status = status;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The whole view with the tracker; the expected time allows for a degraded rail. */
  TransactionView full(PaymentTransaction t, UUID viewer) {
    Instant expected = t.expectedAt();
    if (expected != null && t.rail() != null && railTroubled(t)) {
      // A slow rail is slow for everyone: say so in the estimate instead of missing it.
      expected = expected.plus(Duration.between(t.createdAt(), expected));
    }
    Contact sender = t.userId().equals(viewer) ? null : identity.contact(t.userId()).orElse(null);
    return view(t, viewer, expected, store.steps(t.id()), complaintFiled(t.id(), viewer), sender);
  }

  /**
   * The whole view of a transaction the caller has just recorded and moved in this request,
   * built from what the call holds instead of read back: its tracker steps are {@code steps}
   * (the ones the call wrote) and no complaint can exist yet. Only for one without a rail (no
   * expected time to adjust).
   */
  TransactionView justMade(PaymentTransaction t, UUID viewer, List<TransactionView.Step> steps) {
    if (t.rail() != null) {
      throw new IllegalArgumentException("a transaction on a rail is read back: " + t.id());
    }
    // The caller made it, so there is no sender to name.
    return view(t, viewer, t.expectedAt(), steps, false, null);
  }

  /** For lists: no tracker steps. */
  TransactionView brief(PaymentTransaction t, UUID viewer) {
    return briefs(List.of(t), viewer).getFirst();
  }

  /** A list's rows, their senders' names read in one query (not one per received payment). */
  List<TransactionView> briefs(List<PaymentTransaction> rows, UUID viewer) {
    Set<UUID> senders = new HashSet<>();
    for (PaymentTransaction t : rows) {
      if (!t.userId().equals(viewer)) {
        senders.add(t.userId());
      }
    }
    Map<UUID, Contact> contacts = new HashMap<>();
    List<UUID> ids = List.copyOf(senders);
    for (int from = 0; from < ids.size(); from += SENDERS_PER_READ) {
      contacts.putAll(identity.contacts(
          ids.subList(from, Math.min(ids.size(), from + SENDERS_PER_READ))));
    }
    List<TransactionView> views = new ArrayList<>(rows.size());
    for (PaymentTransaction t : rows) {
      views.add(view(t, viewer, t.expectedAt(), List.of(), false, contacts.get(t.userId())));
    }
    return views;
  }

  private TransactionView view(PaymentTransaction t, UUID viewer, Instant expected,
      List<TransactionView.Step> steps, boolean complaint, Contact sender) {
    boolean incoming = !t.userId().equals(viewer);
    boolean open = t.state() == TransactionState.PENDING
        || t.state() == TransactionState.PROCESSING;
    Money fee = new Money(incoming ? 0 : t.feeMinor(), t.currency());
    return new TransactionView(t.id(), Operation.find(t.operation()).orElse(null), incoming,
        t.state(),
        new Money(t.amountMinor(), t.currency()), fee,
        t.targetAmountMinor() == null ? null
            : new Money(t.targetAmountMinor(), t.targetCurrency()),
        t.fxRate(), incoming ? senderName(sender) : t.counterparty(), t.note(), t.rail(),
        incoming ? null : t.railReference(), failure(t), t.createdAt(), t.updatedAt(),
        open ? expected : null, open && expected != null && clock.instant().isAfter(expected),
        complaint, visibleSteps(steps, incoming), incoming ? null : t.cardId(),
        incoming ? null : t.bankAccountId(), t.operation());
  }

  /**
   * The recipient does not see the sender's holds; nobody sees which agent decided a review
   * (the step keeps it for staff). {@link TrackerStep} declares which steps are which.
   */
  private static List<TransactionView.Step> visibleSteps(List<TransactionView.Step> steps,
      boolean incoming) {
    return steps.stream()
        .filter(s -> !incoming || TrackerStep.fromKey(s.step())
            .map(TrackerStep::shownToRecipient).orElse(true))
        .map(s -> TrackerStep.fromKey(s.step()).map(TrackerStep::detailStaffOnly).orElse(false)
            ? new TransactionView.Step(s.step(), s.at(), null) : s).toList();
  }

  private static String senderName(Contact sender) {
    return sender == null ? "OKPay user" : sender.displayName() + " (" + sender.email() + ")";
  }

  private boolean railTroubled(PaymentTransaction t) {
    ComponentState state = status.overview().components().get(t.rail().component());
    return state == ComponentState.DEGRADED || state == ComponentState.PARTIAL_OUTAGE
        || state == ComponentState.MAJOR_OUTAGE;
  }

  private boolean complaintFiled(UUID transactionId, UUID userId) {
    return jdbc.sql("""
        select exists (select 1 from payments.complaints
                        where transaction_id = :id and user_id = :user)
        """).param("id", transactionId).param("user", userId).query(Boolean.class).single();
  }

  /** The failure code as an {@link ErrorCode}; one no longer known reads as an internal error. */
  static ErrorCode failure(PaymentTransaction t) {
    if (t.failureCode() == null) {
      return null;
    }
    for (ErrorCode code : ErrorCode.values()) {
      if (code.code().equals(t.failureCode())) {
        return code;
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }
}
