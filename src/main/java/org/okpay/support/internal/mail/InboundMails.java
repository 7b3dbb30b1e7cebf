package org.okpay.support.internal.mail;

import java.util.Optional;
import java.util.UUID;
import org.okpay.shared.OkPayException;
import org.okpay.shared.ErrorCode;
import org.okpay.support.NewCase;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.okpay.support.internal.cases.CaseService;
import org.okpay.support.internal.mail.InboundMailStore.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What becomes of one e-mail from the support mailbox. It joins a case only when the case is
 * named (the reference in the subject, or the plus-address it was sent to) and the sender is the
 * case's contact address: anything else is ignored, recorded with its outcome and logged, never
 * opened as a new case (a forged or stray e-mail must not put text into someone's case, nor
 * open cases for anyone who can send mail; customers open new cases in the help center).
 * Automatic replies (out of office) are ignored too, so two auto-responders cannot loop.
 *
 * <p>Accepted mail becomes a customer message through {@link CaseService#customerReply}, which
 * moves the status and the SLA clocks as a web reply does and takes each Message-ID once (so a
 * crash between that commit and the record here adds nothing the second time). A reply to a
 * case that takes none any more (closed, or resolved beyond the reopen window) opens a new case
 * marked as its repeat, once per Message-ID (the source key).
 */
@Component
class InboundMails {

  private static final Logger log = LoggerFactory.getLogger(InboundMails.class);

  private final CaseService cases;
  private final InboundMailStore store;

  InboundMails(CaseService cases, InboundMailStore store) {
    this.cases = cases;
    this.store = store;
  }

  /** The outcome, or null when this Message-ID was handled before (nothing changes). */
  Outcome handle(InboundMail mail) {
    if (store.seen(mail.messageId())) {
      return null;
    }
    UUID caseId = null;
    Outcome outcome;
    Optional<SupportCase> target = CaseReferences.of(mail.subject(), mail.recipients())
        .flatMap(cases::byReference);
    if (mail.autoSubmitted()) {
      outcome = Outcome.AUTO_REPLY;
    } else if (target.isEmpty()) {
      outcome = Outcome.NO_CASE;
    } else if (mail.from() == null
        || !mail.from().equalsIgnoreCase(target.get().contactEmail().strip())) {
      outcome = Outcome.WRONG_SENDER;
    } else if (mail.text().isBlank() && mail.attachments().isEmpty()) {
      outcome = Outcome.EMPTY;
    } else {
      caseId = accept(target.get(), mail);
      outcome = caseId == null ? Outcome.REFUSED : Outcome.ACCEPTED;
    }
    store.record(mail, outcome, caseId);
    if (outcome == Outcome.WRONG_SENDER) {
      log.warn("support mailbox: {} names case {} but comes from another address; ignored",
          mail.messageId(), target.map(SupportCase::reference).orElse("?"));
    } else if (outcome != Outcome.ACCEPTED) {
      log.info("support mailbox: {} ignored ({})", mail.messageId(), outcome.code());
    }
    return outcome;
  }

  /**
   * The case the mail went into: its own, or a new one when that one takes no more replies;
   * null when the case refused it for another reason.
   */
  private UUID accept(SupportCase target, InboundMail mail) {
    try {
      reply(target, mail);
      return target.id();
    } catch (OkPayException refused) {
      if (refused.errorCode() != ErrorCode.CASE_CLOSED
          && refused.errorCode() != ErrorCode.CASE_NOT_REOPENABLE) {
        log.info("support mailbox: case {} refused {}: {}", target.reference(), mail.messageId(),
            refused.errorCode().code());
        return null;
      }
      // Closed, or resolved longer ago than the reopen window: the customer still wrote to us,
      // so the mail opens a new case that points at the old one (a repeat complaint).
      NewCase again = new NewCase(target.customerId(), target.contactEmail(),
          store.language(target.id()).orElse("en"), target.category(), target.priority(),
          target.subject(), mail.text(), target.link(), sourceKey(mail.messageId()), "email");
      SupportCase opened = cases.openCase(again, target.id()).supportCase();
      log.info("support mailbox: case {} takes no reply ({}); {} opened as its repeat",
          target.reference(), refused.errorCode().code(), opened.reference());
      return opened.id();
    }
  }

  /**
   * Adds the mail to the case with its first attachment the case takes (PNG, JPEG, PDF or text,
   * at most 5 MB: a case message holds one file); the others are named in a line below the text.
   */
  private void reply(SupportCase target, InboundMail mail) {
    InboundMail.Attachment file = mail.attachments().stream()
        .filter(a -> FILE_TYPES.contains(a.contentType()) && a.bytes().length > 0
            && a.bytes().length <= MailParser.ATTACHMENT_BYTES_MAX)
        .findFirst().orElse(null);
    int left = mail.attachments().size() + mail.attachmentsDropped() - (file == null ? 0 : 1);
    String text = mail.text().isBlank() && file != null ? "[" + file.filename() + "]"
        : mail.text();
    if (left > 0) {
      boolean zh = store.language(target.id()).orElse("en").startsWith("zh");
      text = text + "\n\n" + (zh ? "[另有 " + left + " 个附件未添加：每条消息只保留一个 PNG、JPEG、PDF 或文本文件，最大 5 MB]"
          : "[" + left + " more attachment(s) not added: a message keeps one PNG, JPEG, PDF or "
              + "text file of up to 5 MB]");
    }
    if (text.length() > MailParser.TEXT_MAX) {
      text = text.substring(0, MailParser.TEXT_MAX);
    }
    SupportApi.Upload upload = file == null ? null
        : new SupportApi.Upload(file.filename(), file.contentType(), file.bytes());
    try {
      cases.customerReply(target.id(), null, text, "email", mail.messageId(), upload);
    } catch (OkPayException refused) {
      if (upload == null || !refused.errorCode().code().startsWith("case_attachment")) {
        throw refused;
      }
      // The file itself was refused (its name, its real type): the text still goes in.
      cases.customerReply(target.id(), null, text, "email", mail.messageId(), null);
    }
  }

  private static final java.util.Set<String> FILE_TYPES = java.util.Set.of("image/png",
      "image/jpeg", "application/pdf", "text/plain");

  /** Opening is idempotent on it: the same e-mail never opens two cases. */
  static String sourceKey(String messageId) {
    String key = "email:" + messageId;
    if (key.length() <= 200) {
      return key;
    }
    try {
      return "email:sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
          .getInstance("SHA-256").digest(messageId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
