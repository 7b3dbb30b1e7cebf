package org.okpay.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Unique recipients and ready-made requests, so tests never meet each other's rows. */
public final class NotifyFixture {

  public static final Duration DELIVERY_WAIT = Duration.ofSeconds(15);

  private NotifyFixture() {
  }

  public static String uniqueAddress(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  public static String uniqueUser(String who) {
    return who + "-" + UUID.randomUUID();
  }

  public static String resetLink() {
    return "https://okpay.example/reset?token=" + UUID.randomUUID().toString().replace("-", "");
  }

  public static EmailRequest passwordReset(String to, Locale locale, String link, String dedupKey) {
    return new EmailRequest(to, locale, EmailTemplate.PASSWORD_RESET,
        Map.of("name", "Alice", "link", link, "expiresInMinutes", 30, "ip", "203.0.113.7"),
        dedupKey);
  }

  public static InAppRequest passwordChanged(String userId, Locale locale) {
    return new InAppRequest(userId, locale, InAppTemplate.PASSWORD_CHANGED,
        Map.of("time", Instant.parse("2026-11-25T10:00:00Z")), "/account/security", null);
  }
}
