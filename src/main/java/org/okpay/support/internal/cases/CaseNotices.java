package org.okpay.support.internal.cases;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.okpay.identity.IdentityApi;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.LocalTimes;
import org.okpay.support.CaseStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Tells the customer about their case, in-app (when the case has an account) and by e-mail to
 * the case's contact address, in the case's language and the customer's time zone. Every
 * e-mail subject starts with the reference in brackets ({@code [C-20261207-4F2K] …}) so a reply
 * by e-mail finds its case. Written to the notify outbox in the caller's transaction, once per
 * dedup key.
 */
@Component
class CaseNotices {

  /** Where the customer reads a case. */
  static final String CASE_PATH = "/support/cases/";
  /** What of the thread an e-mail carries (notify's variables hold at most 2000 characters). */
  static final int THREAD_CHARS_MAX = 1800;

  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  CaseNotices(NotifyApi notify, IdentityApi identity, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  /** The confirmation: the reference and when we will answer, in the customer's zone. */
  void opened(CaseRow c) {
    Locale locale = locale(c);
    String answerBy = c.view().answerBy() == null ? "-"
        : LocalTimes.at(c.view().answerBy(), zone(c), locale);
    String body = text("support.case.notice.opened.body", locale, c.reference(), c.subject(),
        answerBy);
    send(c, "opened", text("support.case.notice.opened.subject", locale), body, "opened");
  }

  /** An agent's reply, with the thread below it. */
  void agentReply(CaseRow c, CaseMessage reply, List<CaseMessage> thread) {
    Locale locale = locale(c);
    StringBuilder body = new StringBuilder(reply.body());
    if (c.view().status() == CaseStatus.WAITING_ON_CUSTOMER) {
      body.append("\n\n").append(text("support.case.notice.reply.waiting", locale));
    }
    StringBuilder earlier = new StringBuilder();
    for (int i = thread.size() - 1; i >= 0; i--) {
      CaseMessage m = thread.get(i);
      if (m.internal() || m.id().equals(reply.id())) {
        continue;
      }
      String who = text("support.case.author." + m.authorType(), locale);
      String line = "\n— " + who + " · " + LocalTimes.at(m.createdAt(), zone(c), locale)
          + "\n" + m.body() + "\n";
      if (body.length() + earlier.length() + line.length() > THREAD_CHARS_MAX) {
        break;
      }
      earlier.append(line);
    }
    if (!earlier.isEmpty()) {
      body.append("\n\n").append(text("support.case.notice.reply.thread", locale))
          .append(earlier);
    }
    String message = body.length() > THREAD_CHARS_MAX
        ? body.substring(0, THREAD_CHARS_MAX - 1) + "…" : body.toString();
    send(c, "reply", text("support.case.notice.reply.subject", locale), message,
        "reply:" + reply.id());
  }

  /** A status move the customer should know about. */
  void statusChanged(CaseRow c, CaseStatus to, Instant at) {
    Locale locale = locale(c);
    String status = text("support.case.status." + to.code(), locale);
    String body = text("support.case.notice.status.body", locale, c.reference(), status);
    send(c, "status", text("support.case.notice.status.subject", locale, status), body,
        "status:" + to.code() + ":" + at.toEpochMilli());
  }

  private void send(CaseRow c, String what, String subject, String body, String dedup) {
    Locale locale = locale(c);
    String fullSubject = "[" + c.reference() + "] " + subject;
    String key = "support:" + c.id() + ":" + dedup;
    String link = CASE_PATH + c.id();
    if (c.customerId() != null) {
      notify.inApp(new InAppRequest(c.customerId().toString(), locale,
          InAppTemplate.SUPPORT_UPDATE, Map.of("message", inAppLine(c, subject)), link,
          key + ":in-app"));
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("subject", fullSubject);
    variables.put("heading", subject);
    variables.put("message", body);
    variables.put(EmailRequest.TIME_ZONE, org.okpay.shared.ReaderZone.id(zone(c)));
    if (c.customerId() != null) {
      identity.contact(c.customerId()).ifPresent(u -> variables.put("name", u.displayName()));
    }
    if (!publicUrl.isBlank() && c.customerId() != null) {
      variables.put("link", publicUrl.replaceAll("/+$", "") + link);
      variables.put("linkText", text("support.case.notice.open", locale));
    }
    notify.email(new EmailRequest(c.contactEmail(), locale, EmailTemplate.GENERIC, variables,
        key + ":mail"));
  }

  private static String inAppLine(CaseRow c, String subject) {
    return c.reference() + " · " + subject;
  }

  ZoneId zone(CaseRow c) {
    if (c.customerId() == null) {
      return ZoneOffset.UTC;
    }
    return identity.timeZone(c.customerId()).orElse(ZoneOffset.UTC);
  }

  static Locale locale(CaseRow c) {
    return Locale.forLanguageTag(c.language());
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }
}
