package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The terms the Chinese review chose stay chosen (docs/payments-pages.md, "Chinese wording"):
 * 双重验证 for two-factor, 预留 (not 冻结, which means a frozen account) for money held for a
 * payment on its way, 换汇 for converting, no "today's rates", full-width colons after Chinese,
 * and durations in the unit a person would say.
 */
class ChineseWordingTest {

  private final Properties zh = load("messages_zh_CN.properties");
  private final ResourceBundleMessageSource messages = messages();

  @Test
  void twoFactorIsAlwaysCalled双重验证() {
    assertThat(zh.stringPropertyNames()).allSatisfy(key -> assertThat(zh.getProperty(key))
        .as(key).doesNotContain("两步验证").doesNotContain("二次验证").doesNotContain("双因素"));
  }

  @Test
  void moneyHeldForAPaymentIsReservedNotFrozen() {
    for (String key : List.of("money.step.hold_placed", "money.withdraw.hint",
        "error.bank_account_closed", "error.post_amount_exceeds_pending",
        "adminPayments.state.pending", "console.kind.pending", "console.account.held")) {
      assertThat(zh.getProperty(key)).as(key).doesNotContain("冻结").contains("预留");
    }
  }

  @Test
  void convertingIs换汇AndFeesAre手续费() {
    assertThat(zh.getProperty("money.op.convert")).isEqualTo("换汇");
    assertThat(zh.getProperty("money.op.form.convert")).isEqualTo("换汇");
    assertThat(zh.getProperty("fees.col.fee")).isEqualTo("手续费");
    assertThat(zh.getProperty("money.review.fee")).isEqualTo("手续费");
    assertThat(zh.getProperty("error.cannot_pay_yourself")).contains("“换汇”");
  }

  @Test
  void noRatesAreCalledTodays() {
    assertThat(zh.stringPropertyNames()).allSatisfy(key -> assertThat(zh.getProperty(key))
        .as(key).doesNotContain("今日汇率"));
  }

  @Test
  void punctuationAfterChineseIsFullWidth() {
    assertThat(zh.stringPropertyNames()).allSatisfy(key -> assertThat(zh.getProperty(key))
        .as(key).doesNotContainPattern("[\\u4e00-\\u9fff][:;!?]"));
  }

  @Test
  void aLinkThatHoldsADayIsSaidInHours() {
    assertThat(text("mail.verify-email.expiry", Locale.SIMPLIFIED_CHINESE, 1440))
        .startsWith("此链接将在 24 小时后失效");
    assertThat(text("mail.password-reset.expiry", Locale.SIMPLIFIED_CHINESE, 30))
        .startsWith("此链接将在 30 分钟后失效");
    assertThat(text("mail.verify-email.expiry", Locale.ENGLISH, 1440))
        .startsWith("This link expires in 24 hours");
    assertThat(text("mail.password-reset.expiry", Locale.ENGLISH, 60))
        .startsWith("This link expires in 1 hour and");
    assertThat(text("mail.password-reset.expiry", Locale.ENGLISH, 2000))
        .startsWith("This link expires in 2000 minutes");
  }

  @Test
  void chineseReadersFindChinaAndItsRegionsFirstNamedTheirWay() {
    CountryList countries = new CountryList(messages);

    assertThat(countries.all(Locale.SIMPLIFIED_CHINESE).subList(0, 4))
        .extracting(CountryList.Country::name)
        .containsExactly("中国", "中国香港", "中国澳门", "中国台湾");
    assertThat(countries.all(Locale.ENGLISH).getFirst().code()).isEqualTo("AF");
    assertThat(countries.all(Locale.ENGLISH)).extracting(CountryList.Country::name)
        .contains("Taiwan", "Hong Kong");
  }

  private String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = ChineseWordingTest.class.getClassLoader()
        .getResourceAsStream(resource)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return properties;
  }

  private static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource source = new ResourceBundleMessageSource();
    source.setBasename("messages");
    source.setDefaultEncoding(StandardCharsets.UTF_8.name());
    source.setFallbackToSystemLocale(false);
    return source;
  }
}
