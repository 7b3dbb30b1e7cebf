package org.okpay.notify.internal;

import java.util.Locale;

/** The two languages notifications are written in, and their stored names. */
final class Locales {

  static final String ENGLISH_TAG = "en";
  static final String CHINESE_TAG = "zh-CN";

  private Locales() {
  }

  static boolean isChinese(Locale locale) {
    return locale != null && "zh".equals(locale.getLanguage());
  }

  /** The stored name of the language a locale is answered in. */
  static String tag(Locale locale) {
    return isChinese(locale) ? CHINESE_TAG : ENGLISH_TAG;
  }

  static Locale fromTag(String tag) {
    return CHINESE_TAG.equals(tag) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
  }
}
