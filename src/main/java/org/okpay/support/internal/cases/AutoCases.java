package org.okpay.support.internal.cases;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.Contact;
import org.okpay.payments.PaymentComplaintFiled;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionView;
import org.okpay.shared.LocalTimes;
import org.okpay.support.CaseCategory;
import org.okpay.support.CaseLink;
import org.okpay.support.CasePriority;
import org.okpay.support.NewCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cases nobody has to type: an urgent account_security case when a user reports "my account was
 * hacked", and a high money_not_received (or refund) case for every "my money has not arrived"
 * complaint. Durable: the events sit in Spring Modulith's publication registry until handled
 * (a failure is handed over again by {@link #resubmitFailed}, a crash at the next start), and a
 * sweep opens a case for any complaint without one (those filed before support existed).
 * Exactly once: each case's source key comes from the event ({@code compromise:<user>:<ms>},
 * {@code complaint:<id>}), and opening is idempotent on it.
 */
@Component
class AutoCases {

  private static final Logger log = LoggerFactory.getLogger(AutoCases.class);
  static final Duration RESUBMIT_AFTER = Duration.ofMinutes(1);
  static final int RESUBMIT_BATCH_MAX = 100;
  static final int SWEEP_PAGE = 200;
  static final int SWEEP_PAGES_MAX = 10_000;
  private static final String MERCHANT_REFUND = "merchant_refund";

  private final CaseService cases;
  private final CaseStore store;
  private final IdentityApi identity;
  private final PaymentsApi payments;
  private final MessageSource messages;
  private final IncompleteEventPublications incomplete;
  private final boolean sweepAtStart;

  AutoCases(CaseService cases, CaseStore store, IdentityApi identity, PaymentsApi payments,
      MessageSource messages, IncompleteEventPublications incomplete,
      @Value("${okpay.support.complaint-sweep-at-start:true}") boolean sweepAtStart) {
    this.cases = cases;
    this.store = store;
    this.identity = identity;
    this.payments = payments;
    this.messages = messages;
    this.incomplete = incomplete;
    this.sweepAtStart = sweepAtStart;
  }

  @ApplicationModuleListener
  void on(AccountCompromiseReported event) {
    compromised(event);
  }

  @ApplicationModuleListener
  void on(PaymentComplaintFiled event) {
    complaint(event);
  }

  /** Opens (or finds) the urgent case of a "my account was hacked" report. */
  void compromised(AccountCompromiseReported event) {
    Contact user = identity.contact(event.userId()).orElse(null);
    String email = user != null ? user.email() : event.email();
    String language = CaseService.language(user == null ? null : user.language());
    Locale locale = Locale.forLanguageTag(language);
    java.time.ZoneId zone = identity.timeZone(event.userId()).orElse(ZoneOffset.UTC);
    String subject = messages.getMessage("support.case.auto.compromise.subject", null, locale);
    String body = messages.getMessage("support.case.auto.compromise.body",
        new Object[] {LocalTimes.at(event.at(), zone, locale),
            event.ip() == null ? "-" : event.ip()}, locale);
    cases.open(new NewCase(event.userId(), email, language, CaseCategory.ACCOUNT_SECURITY,
        CasePriority.URGENT, subject, body, null,
        "compromise:" + event.userId() + ":" + event.at().toEpochMilli(), "system"));
  }

  /** Opens (or finds) the case of a "my money has not arrived" complaint. */
  void complaint(PaymentComplaintFiled event) {
    Contact user = identity.contact(event.userId()).orElse(null);
    if (user == null) {
      log.warn("complaint {} by unknown user {}: no case", event.complaintId(), event.userId());
      return;
    }
    boolean refund = payments.transaction(event.userId(), event.transactionId())
        .map(TransactionView::operationKey).filter(MERCHANT_REFUND::equals).isPresent();
    String language = CaseService.language(user.language());
    Locale locale = Locale.forLanguageTag(language);
    String subject = messages.getMessage(refund ? "support.case.auto.refund.subject"
        : "support.case.auto.complaint.subject", null, locale);
    cases.open(new NewCase(event.userId(), user.email(), language,
        refund ? CaseCategory.REFUND : CaseCategory.MONEY_NOT_RECEIVED, CasePriority.HIGH,
        subject, event.message(), new CaseLink("transaction", event.transactionId()),
        complaintKey(event.complaintId()), "web"));
  }

  static String complaintKey(UUID complaintId) {
    return "complaint:" + complaintId;
  }

  @EventListener(ApplicationReadyEvent.class)
  void sweepAtStart() {
    if (sweepAtStart) {
      sweepSafely();
    }
  }

  @Scheduled(initialDelayString = "${okpay.support.complaint-sweep-interval:PT6H}",
      fixedDelayString = "${okpay.support.complaint-sweep-interval:PT6H}")
  @SchedulerLock(name = "support.AutoCases.sweepSafely", lockAtMostFor = "PT10M")
  void sweepSafely() {
    try {
      sweepComplaints();
    } catch (RuntimeException e) {
      log.warn("complaint sweep failed; the next run tries again", e);
    }
  }

  /** Opens a case for every complaint that has none; answers how many it opened. */
  int sweepComplaints() {
    int opened = 0;
    UUID after = null;
    for (int page = 0; page < SWEEP_PAGES_MAX; page++) {
      List<PaymentComplaintFiled> complaints = payments.complaintsAfter(after, SWEEP_PAGE);
      for (PaymentComplaintFiled c : complaints) {
        if (store.bySourceKey(complaintKey(c.complaintId())).isEmpty()) {
          complaint(c);
          opened++;
        }
      }
      if (complaints.size() < SWEEP_PAGE) {
        break;
      }
      after = complaints.get(complaints.size() - 1).complaintId();
    }
    return opened;
  }

  /** Hands this listener's failed events to it again (a crash is handled at the next start). */
  @Scheduled(initialDelayString = "${okpay.support.events-resubmit-interval:PT1M}",
      fixedDelayString = "${okpay.support.events-resubmit-interval:PT1M}")
  @SchedulerLock(name = "support.AutoCases.resubmitFailed", lockAtMostFor = "PT10M")
  void resubmitFailed() {
    incomplete.resubmitIncompletePublications(ResubmissionOptions.defaults()
        .withMinAge(RESUBMIT_AFTER).withBatchSize(RESUBMIT_BATCH_MAX)
        .withFilter(AutoCases::ours));
  }

  /**
   * Complaints are only ours. The registry does not say which listener a publication is for:
   * failed AccountCompromiseReported publications (ours among them) are already handed over
   * again by payments' WalletOwnership, whose filter takes that event for every listener.
   */
  static boolean ours(EventPublication publication) {
    return publication.getEvent() instanceof PaymentComplaintFiled
        && publication.getStatus() != EventPublication.Status.PROCESSING;
  }
}
