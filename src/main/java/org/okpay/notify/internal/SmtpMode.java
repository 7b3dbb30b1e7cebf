package org.okpay.notify.internal;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether e-mail goes out over SMTP or into the development mailbox. SMTP needs a non-blank
 * {@code spring.mail.host} (or a JNDI mail session). Blank is not the same as unset for Spring
 * Boot: its mail auto-configuration matches any value but "false", including the empty string
 * that {@code ${OKPAY_SMTP_HOST:}} gives, so the mailbox mode registers a placeholder
 * {@code MailSender} to make it back off (see {@link NotifyConfiguration}).
 */
final class SmtpMode {

  private SmtpMode() {
  }

  static boolean smtpConfigured(Environment environment) {
    return StringUtils.hasText(environment.getProperty("spring.mail.host"))
        || StringUtils.hasText(environment.getProperty("spring.mail.jndi-name"));
  }

  /** Matches when an SMTP server is configured. */
  static final class Smtp implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return smtpConfigured(context.getEnvironment());
    }
  }

  /** Matches when no SMTP server is configured: the development mailbox mode. */
  static final class Mailbox implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !smtpConfigured(context.getEnvironment());
    }
  }
}
