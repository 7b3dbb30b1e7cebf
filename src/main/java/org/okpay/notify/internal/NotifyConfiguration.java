package org.okpay.notify.internal;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
class NotifyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

  /** The sender address of every e-mail, checked once at start-up. */
  @Bean
  MailFrom mailFrom(@Value("${okpay.mail.from:OKPay <no-reply@okpay.local>}") String from) {
    try {
      InternetAddress address = new InternetAddress(from, true);
      return new MailFrom(address);
    } catch (AddressException e) {
      throw new IllegalStateException("okpay.mail.from (OKPAY_MAIL_FROM) is not an e-mail address: "
          + from, e);
    }
  }

  /**
   * Mailbox mode only. Spring Boot builds a JavaMailSender whenever {@code spring.mail.host} is
   * present, even blank, and backs off when a {@link MailSender} exists; this one stands in for it
   * so that no sender pointing nowhere is created. Nothing in OKPay sends through it.
   */
  @Bean
  @Conditional(SmtpMode.Mailbox.class)
  MailSender noSmtpMailSender() {
    log.warn("No SMTP server configured (OKPAY_SMTP_HOST is empty): e-mails are kept in the "
        + "development mailbox at /dev/mailbox, readable by anyone who can reach this server. "
        + "Set OKPAY_SMTP_HOST before others use it.");
    return new MailSender() {
      @Override
      public void send(SimpleMailMessage... messages) {
        throw new IllegalStateException("no SMTP server is configured; set OKPAY_SMTP_HOST");
      }
    };
  }

  /** The dispatchers' connections: their own pool unless okpay.notify.own-pool is false. */
  @Bean(destroyMethod = "close")
  DispatchDatabase dispatchDatabase(DataSource dataSource, NotifyProperties properties,
      MeterRegistry meters) {
    boolean own = properties.ownPool() && properties.dispatcherEnabled();
    return DispatchDatabase.create(dataSource, own ? properties.dispatchers() : 0, meters);
  }

  /** The From address of every e-mail. */
  record MailFrom(InternetAddress address) {
  }
}
