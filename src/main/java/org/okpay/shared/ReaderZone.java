package org.okpay.shared;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;

/**
 * The time zone a page or an error message is written in, decided once per request: the
 * signed-in user's zone (identity puts it in {@link #REQUEST_ATTRIBUTE}), else the zone the
 * browser reported in the {@link #COOKIE} cookie (set by {@code /js/okpay.js}, so a signed-out
 * visitor on /login or /status reads local times too), else UTC, which the text then names as
 * such. The locale resolver hands it to Spring's {@link LocaleContextHolder}, so it is there
 * wherever the language is.
 */
public final class ReaderZone {

  /** The cookie with the browser's IANA zone, e.g. {@code Asia/Shanghai}. */
  public static final String COOKIE = "okpay_tz";
  /** The request attribute with the signed-in user's {@link ZoneId}. */
  public static final String REQUEST_ATTRIBUTE = ReaderZone.class.getName() + ".zone";
  /** IANA ids are at most about 30 characters; anything longer is not one. */
  public static final int ID_LENGTH_MAX = 64;

  private static final Set<String> REGIONS = ZoneId.getAvailableZoneIds();

  private ReaderZone() {
  }

  /**
   * The zone of an IANA id such as {@code Asia/Shanghai} or {@code UTC}; empty for anything else
   * (fixed offsets like {@code +08:00} are refused: they go wrong at the next DST change).
   */
  public static Optional<ZoneId> parse(String id) {
    if (id == null || id.isBlank() || id.length() > ID_LENGTH_MAX) {
      return Optional.empty();
    }
    String typed = id.strip();
    if (typed.equals("UTC") || typed.equals("Etc/UTC")) {
      return Optional.of(ZoneOffset.UTC);
    }
    return REGIONS.contains(typed) ? Optional.of(ZoneId.of(typed)) : Optional.empty();
  }

  /** Whether the zone is UTC itself (not merely a zone that happens to sit at +00:00). */
  public static boolean isUtc(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC)
        || Set.of("UTC", "Etc/UTC", "GMT", "Z").contains(zone.getId());
  }

  /** How a zone is written and stored: its IANA id, UTC as "UTC" (not the offset's "Z"). */
  public static String id(ZoneId zone) {
    return isUtc(zone) ? "UTC" : zone.getId();
  }

  /** The zone of this request as described above; never null. */
  public static TimeZone ofRequest(HttpServletRequest request) {
    if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof ZoneId user) {
      return TimeZone.getTimeZone(user);
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (COOKIE.equals(cookie.getName())) {
          Optional<ZoneId> browser = parse(java.net.URLDecoder.decode(cookie.getValue(),
              java.nio.charset.StandardCharsets.UTF_8));
          if (browser.isPresent()) {
            return TimeZone.getTimeZone(browser.get());
          }
        }
      }
    }
    return TimeZone.getTimeZone(ZoneOffset.UTC);
  }

  /** The zone of the request being handled; UTC outside a request (jobs, e-mail rendering). */
  public static ZoneId current() {
    LocaleContext context = LocaleContextHolder.getLocaleContext();
    if (context instanceof TimeZoneAwareLocaleContext aware && aware.getTimeZone() != null) {
      ZoneId zone = aware.getTimeZone().toZoneId();
      return isUtc(zone) ? ZoneOffset.UTC : zone;
    }
    return ZoneOffset.UTC;
  }
}
