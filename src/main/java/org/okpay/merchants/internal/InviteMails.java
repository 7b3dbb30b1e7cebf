package org.okpay.merchants.internal;

import java.util.Locale;
import java.util.Map;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.merchants.MerchantsApi.Invite;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.NotifyApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The invitation e-mail, through notify's outbox in the inviting transaction (so a rolled-back
 * invitation sends nothing). It goes in the invitee's language when they have an account,
 * otherwise in the inviter's.
 */
@Component
class InviteMails {

  private static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";

  private final NotifyApi notify;
  private final IdentityApi identity;
  private final MessageSource messages;
  private final String publicUrl;

  InviteMails(NotifyApi notify, IdentityApi identity, MessageSource messages,
      @Value("${okpay.identity.public-url:}") String publicUrl) {
    this.notify = notify;
    this.identity = identity;
    this.messages = messages;
    this.publicUrl = publicUrl;
  }

  void sendInvite(Invite invite, CurrentUser inviter) {
    String language = identity.payableUser(invite.email())
        .map(IdentityApi.Contact::language).orElse(inviter.language());
    Locale locale = Locale.forLanguageTag(language == null ? "en" : language);
    String role = text("merchant.role." + invite.role().key(), locale);
    notify.email(new EmailRequest(invite.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.merchantInvite.subject", locale, invite.merchantName()),
        "heading", text("mail.merchantInvite.heading", locale, invite.merchantName()),
        "message", text("mail.merchantInvite.message", locale, inviter.displayName(),
            invite.merchantName(), role, invite.email()),
        "link", base() + "/merchant",
        "linkText", text("mail.merchantInvite.link", locale)),
        "merchant-invite:" + invite.id() + ":" + invite.createdAt().toEpochMilli()));
  }

  private String base() {
    String base = !publicUrl.isBlank() ? publicUrl
        : RequestContextHolder.getRequestAttributes() != null
            ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
            : DEFAULT_PUBLIC_URL;
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, key, locale);
  }
}
