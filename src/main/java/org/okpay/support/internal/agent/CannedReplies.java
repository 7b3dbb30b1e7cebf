package org.okpay.support.internal.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.okpay.identity.IdentityApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.okpay.support.CannedRepliesApi;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Canned replies: admins write them (the API's staff rules and the pages let only admins reach
 * the writes), each change with its audit row in one transaction.
 */
@Service
class CannedReplies implements CannedRepliesApi {

  private final CannedReplyStore store;
  private final AuditApi audit;
  private final IdentityApi identity;

  CannedReplies(CannedReplyStore store, AuditApi audit, IdentityApi identity) {
    this.store = store;
    this.audit = audit;
    this.identity = identity;
  }

  @Override
  public List<CannedReply> list() {
    return store.list(CANNED_REPLIES_MAX);
  }

  @Override
  public Optional<CannedReply> find(UUID id) {
    return store.find(id);
  }

  @Override
  @Transactional
  public CannedReply create(CannedReplyText text) {
    CannedReplyText clean = validated(text);
    store.lockForCreate();
    if (store.count() >= CANNED_REPLIES_MAX) {
      throw new OkPayException(ErrorCode.CANNED_REPLIES_FULL);
    }
    UUID id = UUID.randomUUID();
    if (store.titleTaken(clean.titleEn(), id) || !store.insert(id, clean, actor().userId())) {
      throw titleTaken();
    }
    audited("support.canned_reply_created", id, clean);
    return store.find(id).orElseThrow();
  }

  @Override
  @Transactional
  public CannedReply update(UUID id, CannedReplyText text) {
    CannedReplyText clean = validated(text);
    if (store.find(id).isEmpty()) {
      throw new OkPayException(ErrorCode.CANNED_REPLY_NOT_FOUND);
    }
    if (store.titleTaken(clean.titleEn(), id)) {
      throw titleTaken();
    }
    if (store.update(id, clean, actor().userId()) != 1) {
      throw new OkPayException(ErrorCode.CANNED_REPLY_NOT_FOUND);
    }
    audited("support.canned_reply_changed", id, clean);
    return store.find(id).orElseThrow();
  }

  @Override
  @Transactional
  public void delete(UUID id) {
    if (store.delete(id) != 1) {
      throw new OkPayException(ErrorCode.CANNED_REPLY_NOT_FOUND);
    }
    audited("support.canned_reply_deleted", id, null);
  }

  private void audited(String action, UUID id, CannedReplyText text) {
    StaffActor actor = actor();
    audit.append(new AuditEvent(action, actor.actorType(), actor.actorId(), "canned_reply",
        id.toString(), null, text == null ? Map.of() : Map.of("title", text.titleEn())));
  }

  /** Two replies with one English title would be one choice twice in the picker. */
  private static OkPayException titleTaken() {
    return new FieldErrors().add("titleEn", "taken",
        new org.springframework.context.support.DefaultMessageSourceResolvable(
            new String[] {"support.canned.error.titleTaken"}, "taken")).exception();
  }

  private StaffActor actor() {
    return StaffActor.of(identity);
  }

  /** Trims the texts; every field required, within its limit, with known placeholders only. */
  static CannedReplyText validated(CannedReplyText text) {
    if (text == null) {
      throw FieldErrors.invalid("titleEn", FieldErrors.REQUIRED);
    }
    CannedReplyText clean = new CannedReplyText(strip(text.titleEn()), strip(text.titleZh()),
        strip(text.bodyEn()), strip(text.bodyZh()));
    List<Map<String, Object>> errors = new ArrayList<>();
    check(errors, "titleEn", clean.titleEn(), TITLE_MAX);
    check(errors, "titleZh", clean.titleZh(), TITLE_MAX);
    check(errors, "bodyEn", clean.bodyEn(), BODY_MAX);
    check(errors, "bodyZh", clean.bodyZh(), BODY_MAX);
    if (!errors.isEmpty()) {
      throw FieldErrors.exception(ErrorCode.VALIDATION_FAILED, errors);
    }
    return clean;
  }

  private static void check(List<Map<String, Object>> errors, String field, String value,
      int max) {
    if (value.isEmpty()) {
      errors.add(FieldErrors.error(field, FieldErrors.REQUIRED));
    } else if (value.length() > max) {
      errors.add(FieldErrors.error(field, FieldErrors.TOO_LONG));
    } else {
      Matcher m = PLACEHOLDER.matcher(value);
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) {
          errors.add(FieldErrors.error(field, FieldErrors.UNKNOWN));
          return;
        }
      }
    }
  }

  private static String strip(String value) {
    return value == null ? "" : value.strip();
  }
}
