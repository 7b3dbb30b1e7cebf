package org.okpay.shared.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.okpay.shared.ReaderZone;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The two languages OKPay speaks. A page's language switch ({@code ?lang=zh-CN}) sets a cookie;
 * without it the {@code Accept-Language} header chooses; anything else falls back to English.
 */
@Configuration(proxyBeanMethods = false)
class LocaleConfiguration implements WebMvcConfigurer {

  static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

  /** The supported language closest to {@code requested}: Chinese for any zh, else English. */
  static Locale supported(Locale requested) {
    return requested != null && "zh".equals(requested.getLanguage())
        ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
  }

  @Bean
  LocaleResolver localeResolver() {
    AcceptHeaderLocaleResolver byHeader = new AcceptHeaderLocaleResolver();
    byHeader.setSupportedLocales(SUPPORTED);
    byHeader.setDefaultLocale(Locale.ENGLISH);
    CookieLocaleResolver byCookie = new CookieLocaleResolver("okpay_lang");
    byCookie.setCookieMaxAge(Duration.ofDays(365));
    byCookie.setDefaultLocaleFunction(byHeader::resolveLocale);
    // The time zone pages write times in: the user's, else the browser's, else UTC (ReaderZone).
    byCookie.setDefaultTimeZoneFunction(ReaderZone::ofRequest);
    return byCookie;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor change = new LocaleChangeInterceptor();
    change.setParamName("lang");
    change.setIgnoreInvalidLocale(true);
    registry.addInterceptor(change);
  }
}
