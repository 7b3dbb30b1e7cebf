package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.notify.EmailTemplate;
import org.okpay.notify.InAppTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/**
 * Every e-mail renders in both languages with all its variables: the subject from messages, HTML
 * and text bodies that carry the link and the texts a recipient must see, nothing left
 * unresolved, and caller text escaped in HTML.
 */
@OkPayTest
class MailTemplatesTest {

  private static final String LINK = "https://okpay.example/act?token=t0k&x=1";
  private static final Instant TIME = Instant.parse("2026-11-25T10:05:00Z");

  @Autowired Renderer renderer;
  @Autowired Variables variables;
  @Autowired MessageSource messages;

  static List<Arguments> everyTemplateInBothLanguages() {
    return java.util.Arrays.stream(EmailTemplate.values())
        .flatMap(t -> java.util.stream.Stream.of(Arguments.of(t, Locale.ENGLISH),
            Arguments.of(t, Locale.SIMPLIFIED_CHINESE)))
        .toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTemplateInBothLanguages")
  void rendersCompletely(EmailTemplate template, Locale locale) {
    RenderedEmail mail = render(template, locale, allVariables(template));

    String expectedSubject = messages.getMessage("mail." + template.key() + ".subject", null, locale)
        .replace("{subject}", "Your statement");
    assertThat(mail.subject()).isEqualTo(expectedSubject).doesNotContain("{");
    for (String body : List.of(mail.html(), mail.text())) {
      assertThat(body).doesNotContain("??").doesNotContain("[(").doesNotContain(" th:")
          .contains(messages.getMessage("mail.common.signature", null, locale));
    }
    assertThat(mail.html()).startsWith("<!DOCTYPE html>")
        .contains("lang=\"" + (locale.getLanguage().equals("zh") ? "zh-CN" : "en") + "\"")
        .contains("<title>" + org.springframework.web.util.HtmlUtils.htmlEscape(mail.subject(), "UTF-8") + "</title>")
        .contains("href=\"https://okpay.example/act?token=t0k&amp;x=1\"");
    assertThat(mail.text()).contains(LINK).doesNotContain("<p").doesNotContain("&amp;");
    if (locale.getLanguage().equals("zh")) {
      assertThat(mail.text()).matches("(?s).*\\p{IsHan}.*");
    }
  }

  @ParameterizedTest
  @EnumSource(value = EmailTemplate.class, names = {"VERIFY_EMAIL", "PASSWORD_RESET"})
  void linkEmailsSayWhenTheyExpireAndToIgnoreThemIfUnasked(EmailTemplate template) {
    RenderedEmail en = render(template, Locale.ENGLISH, allVariables(template));
    RenderedEmail zh = render(template, Locale.SIMPLIFIED_CHINESE, allVariables(template));

    for (String body : List.of(en.html(), en.text())) {
      assertThat(body).contains("This link expires in 45 minutes")
          .contains("If you did not ask for this, ignore this e-mail.");
    }
    for (String body : List.of(zh.html(), zh.text())) {
      assertThat(body).contains("此链接将在 45 分钟后失效").contains("如果这不是您本人的操作，请忽略此邮件。");
    }
  }

  @Test
  void securityEmailsShowWhenWhereAndWhatInTheRecipientsLanguage() {
    RenderedEmail en = render(EmailTemplate.NEW_DEVICE_LOGIN, Locale.ENGLISH,
        allVariables(EmailTemplate.NEW_DEVICE_LOGIN));
    RenderedEmail zh = render(EmailTemplate.NEW_DEVICE_LOGIN, Locale.SIMPLIFIED_CHINESE,
        allVariables(EmailTemplate.NEW_DEVICE_LOGIN));

    assertThat(en.text()).contains("Time: 25 November 2026, 10:05 UTC")
        .contains("IP address: 203.0.113.7").contains("Device: Firefox on Linux");
    assertThat(en.html()).contains("25 November 2026, 10:05 UTC").contains("This was not me");
    assertThat(zh.text()).contains("时间: 2026年11月25日 10:05 UTC").contains("设备: Firefox on Linux");
  }

  /** With the recipient's zone (issue 12), the same moment on their clock, the zone named. */
  @Test
  void timesAreInTheRecipientsZoneWhenTheRequestGivesIt() {
    Map<String, Object> values = new HashMap<>(allVariables(EmailTemplate.NEW_DEVICE_LOGIN));
    values.put(org.okpay.notify.EmailRequest.TIME_ZONE, "Asia/Shanghai");
    RenderedEmail en = render(EmailTemplate.NEW_DEVICE_LOGIN, Locale.ENGLISH, values);
    RenderedEmail zh = render(EmailTemplate.NEW_DEVICE_LOGIN, Locale.SIMPLIFIED_CHINESE, values);

    assertThat(en.text()).contains("Time: 25 November 2026, 18:05 China Standard Time");
    assertThat(en.html()).contains("25 November 2026, 18:05 China Standard Time");
    assertThat(zh.text()).contains("时间: 2026年11月25日 18:05 中国标准时间");
    Renderer.InAppText inApp = renderer.inApp(InAppTemplate.NEW_DEVICE_LOGIN,
        Locale.SIMPLIFIED_CHINESE, variables.encode(Map.of("time", TIME, "device", "Firefox",
            org.okpay.notify.EmailRequest.TIME_ZONE, "Asia/Shanghai")));
    assertThat(inApp.body()).contains("2026年11月25日 18:05 中国标准时间");

    // Every template takes the zone; only an IANA zone is one.
    Variables.check(values, Set.of(), EmailTemplate.NEW_DEVICE_LOGIN.allowedVariables(), "t");
    values.put(org.okpay.notify.EmailRequest.TIME_ZONE, "+08:00");
    assertThatThrownBy(() -> Variables.check(values, Set.of(),
        EmailTemplate.NEW_DEVICE_LOGIN.allowedVariables(), "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeZone");
  }

  @Test
  void optionalVariablesMayBeLeftOut() {
    Map<String, Object> minimal = Map.of("time", TIME);
    RenderedEmail mail = render(EmailTemplate.PASSWORD_CHANGED, Locale.ENGLISH, minimal);

    // Only the help center's link, which every e-mail's footer carries (issue 11), remains.
    assertThat(mail.text()).startsWith("Hello,").doesNotContain("IP address");
    assertThat(mail.text().replace("http://localhost:8080/help", "")).doesNotContain("http");
    assertThat(mail.html().replaceAll("<a id=\"mail-help-link\"[^>]*>", ""))
        .doesNotContain("<a ");
  }

  @Test
  void callerTextIsEscapedInHtml() {
    Map<String, Object> values = new HashMap<>(allVariables(EmailTemplate.GENERIC));
    values.put("name", "<script>alert(1)</script>");
    values.put("message", "Line one\n<b>not bold</b>");
    RenderedEmail mail = render(EmailTemplate.GENERIC, Locale.ENGLISH, values);

    assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<b>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;b&gt;not bold&lt;/b&gt;");
    assertThat(mail.subject()).isEqualTo("Your statement · OKPay");
  }

  @ParameterizedTest
  @EnumSource(InAppTemplate.class)
  void inAppTextsRenderInBothLanguages(InAppTemplate template) {
    Map<String, Object> values = new HashMap<>();
    template.variables().forEach(v -> values.put(v, v.equals("time") ? TIME : "Firefox on Linux"));
    String json = variables.encode(values);

    Renderer.InAppText en = renderer.inApp(template, Locale.ENGLISH, json);
    Renderer.InAppText zh = renderer.inApp(template, Locale.SIMPLIFIED_CHINESE, json);

    assertThat(en.title() + en.body()).doesNotContain("{");
    assertThat(zh.title() + zh.body()).doesNotContain("{").matches("(?s).*\\p{IsHan}.*");
    if (template.variables().stream().anyMatch(v -> !v.equals("time"))) {
      assertThat(en.body()).contains("Firefox on Linux");
      assertThat(zh.body()).contains("Firefox on Linux");
    }
    if (template.variables().contains("time")) {
      assertThat(en.body()).contains("25 November 2026, 10:05 UTC");
      assertThat(zh.body()).contains("2026年11月25日 10:05 UTC");
    }
  }

  /** Through the stored JSON form, as the dispatcher renders it. */
  private RenderedEmail render(EmailTemplate template, Locale locale, Map<String, Object> values) {
    return renderer.email(template, locale, variables.encode(values));
  }

  private static Map<String, Object> allVariables(EmailTemplate template) {
    Map<String, Object> values = new HashMap<>();
    for (String name : template.allowedVariables()) {
      values.put(name, switch (name) {
        case "link" -> LINK;
        case "expiresInMinutes" -> 45;
        case "time" -> TIME;
        case "ip" -> "203.0.113.7";
        case "device" -> "Firefox on Linux";
        case "name" -> "Alice";
        case "subject" -> "Your statement";
        case "heading" -> "Your November statement is ready";
        case "message" -> "You can download it now.";
        case "linkText" -> "Download";
        default -> throw new IllegalStateException("no sample for " + name);
      });
    }
    return values;
  }
}
