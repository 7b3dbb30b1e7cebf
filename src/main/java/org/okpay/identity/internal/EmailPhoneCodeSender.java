package org.okpay.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.okpay.identity.PhoneCodeSender;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.NotifyApi;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Fallback;
import org.springframework.stereotype.Component;

/**
 * The default {@link PhoneCodeSender}: OKPay has no SMS gateway, so the code goes by e-mail to
 * the user's confirmed address, and the e-mail says so. A fallback: an operator's own sender
 * bean (an SMS gateway) takes its place.
 */
@Component
@Fallback
class EmailPhoneCodeSender implements PhoneCodeSender {

  private final NotifyApi notify;
  private final MessageSource messages;
  private final AccountRecovery recovery;
  private final Clock clock;

  EmailPhoneCodeSender(NotifyApi notify, MessageSource messages, AccountRecovery recovery,
      Clock clock) {
    this.notify = notify;
    this.messages = messages;
    this.recovery = recovery;
    this.clock = clock;
  }

  @Override
  public void send(PhoneCode code) {
    Locale locale = Locale.forLanguageTag(code.language());
    long minutes = Math.max(1, // rounded up: a code made a moment ago works "10 minutes"
        (Duration.between(clock.instant(), code.expiresAt()).toSeconds() + 59) / 60);
    String display = PhoneNumbers.display(code.phone());
    notify.email(new EmailRequest(code.email(), locale, EmailTemplate.GENERIC, Map.of(
        "subject", text("mail.phoneCode.subject", locale),
        "heading", text("mail.phoneCode.heading", locale, code.code()),
        "message", text("mail.phoneCode.message", locale, display, minutes),
        "name", code.displayName(),
        "link", recovery.link("/account", "#phone"),
        "linkText", text("mail.phoneCode.link", locale))));
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, key, locale);
  }
}
