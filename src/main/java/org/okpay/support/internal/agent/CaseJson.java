package org.okpay.support.internal.agent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.okpay.payments.TransactionView;
import org.okpay.support.AgentCasesApi;
import org.okpay.support.AgentCasesApi.Callback;
import org.okpay.support.AgentCasesApi.Contact;
import org.okpay.support.AgentCasesApi.Event;
import org.okpay.support.AgentCasesApi.Message;
import org.okpay.support.CaseLink;
import org.okpay.support.SupportCase;

/**
 * A case in the agent API's JSON: categories, priorities and statuses in their API spelling
 * ({@code money_not_received}, {@code waiting_on_customer}), times ISO-8601 UTC.
 */
record CaseJson(UUID id, String reference, UUID customerId, String contactEmail,
    String category, String priority, String status, String subject, CaseLink link,
    Instant openedAt, Instant answerBy, Instant resolveBy, Instant pausedSince, String sla,
    Integer rating, Instant updatedAt) {

  static CaseJson of(SupportCase c) {
    return new CaseJson(c.id(), c.reference(), c.customerId(), c.contactEmail(),
        c.category().code(), c.priority().code(), c.status().code(), c.subject(), c.link(),
        c.openedAt(), c.answerBy(), c.resolveBy(), c.pausedSince(), c.sla(), c.rating(),
        c.updatedAt());
  }

  record Item(CaseJson supportCase, Instant dueAt, String dueKind, String customerName,
      String assigneeName, Callback callback) {
  }

  record Page(List<Item> items, int offset, int limit, boolean more) {

    static Page of(AgentCasesApi.QueuePage page) {
      return new Page(page.items().stream().map(i -> new Item(CaseJson.of(i.supportCase()),
          i.dueAt(), i.dueKind(), i.customerName(), i.assigneeName(), i.callback())).toList(),
          page.offset(), page.limit(), page.more());
    }
  }

  record Detail(CaseJson supportCase, String language, Contact contact, String assigneeName,
      List<Message> thread, List<Event> events, List<Callback> callbacks,
      TransactionView transaction) {

    static Detail of(AgentCasesApi.CaseDetail d) {
      return new Detail(CaseJson.of(d.supportCase()), d.language(), d.contact(),
          d.assigneeName(), d.thread(), d.events(), d.callbacks(), d.transaction());
    }
  }
}
