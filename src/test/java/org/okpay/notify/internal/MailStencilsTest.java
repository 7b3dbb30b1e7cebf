package org.okpay.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.okpay.OkPayTest;
import org.okpay.notify.AntiPhishingPhrases;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EmailTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;

/**
 * An e-mail filled from its shape's stencil is, to the character, the e-mail Thymeleaf makes
 * (a renderer with stencils off): for every template, both languages, every combination of
 * optional variables, with and without an anti-phishing phrase, and values full of what HTML
 * escapes and what looks like template syntax, filled into a stencil made from other values.
 */
@OkPayTest
class MailStencilsTest {

  private static final String RECIPIENT = "payee@example.com";

  @Autowired MessageSource messages;
  @Autowired Variables variables;
  @Autowired ApplicationContext context;

  static List<Arguments> everyShape() {
    List<Arguments> shapes = new ArrayList<>();
    for (EmailTemplate template : EmailTemplate.values()) {
      List<String> optional = template.allowedVariables().stream()
          .filter(v -> !template.requiredVariables().contains(v)).sorted().toList();
      for (int present = 0; present < 1 << optional.size(); present++) {
        Set<String> names = new java.util.TreeSet<>(template.requiredVariables());
        for (int i = 0; i < optional.size(); i++) {
          if ((present & 1 << i) != 0) {
            names.add(optional.get(i));
          }
        }
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
          shapes.add(Arguments.of(template, locale, names, present % 2 == 0));
        }
      }
    }
    return shapes;
  }

  @ParameterizedTest(name = "{0} {1} {2} phrase={3}")
  @MethodSource("everyShape")
  void aStencilledEmailIsThymeleafsEmail(EmailTemplate template, Locale locale, Set<String> names,
      boolean phrase) {
    Renderer stencilled = renderer(true);
    Renderer reference = renderer(false);
    Map<String, String> phrases = phrase ? Map.of(RECIPIENT, "blue <teapot> & 'cup'") : Map.of();

    RenderedEmail first = stencilled.email(template, locale, json(names, plainValues()),
        RECIPIENT, phrases);
    RenderedEmail second = stencilled.email(template, locale, json(names, awkwardValues()),
        RECIPIENT, phrases);
    RenderedEmail expected = reference.email(template, locale, json(names, awkwardValues()),
        RECIPIENT, phrases);

    assertThat(second).isEqualTo(expected);
    assertThat(first).isNotEqualTo(second);
    assertThat(reference.stencils()).isZero();
    // Only shapes of plain text have a stencil: a time is an Instant, an expiry a number.
    boolean plain = !names.contains("time") && !names.contains("expiresInMinutes");
    assertThat(stencilled.stencils()).isEqualTo(plain ? 1 : 0);
  }

  @Test
  void theDispatchersGenericReceiptIsStencilled() {
    Renderer renderer = renderer(true);
    for (int i = 0; i < 3; i++) {
      Map<String, Object> values = Map.of("subject", "Money received " + i, "heading",
          "Money received", "message", "You received US$" + i + ".00 from A <a@example.com>",
          "name", "Bo " + i, "link", "https://okpay.example/money/" + i + "?a=1&b=2",
          "linkText", "View");
      RenderedEmail mail = renderer.email(EmailTemplate.GENERIC, Locale.ENGLISH,
          variables.encode(values), RECIPIENT, Map.of());
      assertThat(mail.html()).contains("You received US$" + i + ".00 from A &lt;a@example.com&gt;")
          .contains("href=\"https://okpay.example/money/" + i + "?a=1&amp;b=2\"");
      assertThat(mail.text()).contains("https://okpay.example/money/" + i + "?a=1&b=2");
    }
    assertThat(renderer.stencils()).isEqualTo(1);
  }

  /**
   * Traditional Chinese is stored and answered as "zh-CN", but its messages resolve apart from
   * Simplified Chinese: a stencil made for one must never fill the other.
   */
  @Test
  void localesThatShareALanguageTagDoNotShareAStencil() {
    Renderer stencilled = renderer(true);
    Renderer reference = renderer(false);
    String first = variables.encode(Map.of("subject", "a", "heading", "b", "message", "c"));
    String second = variables.encode(Map.of("subject", "x", "heading", "y", "message", "z"));

    stencilled.email(EmailTemplate.GENERIC, Locale.TRADITIONAL_CHINESE, first, RECIPIENT,
        Map.of());
    RenderedEmail simplified = stencilled.email(EmailTemplate.GENERIC, Locale.SIMPLIFIED_CHINESE,
        second, RECIPIENT, Map.of());

    assertThat(simplified).isEqualTo(reference.email(EmailTemplate.GENERIC,
        Locale.SIMPLIFIED_CHINESE, second, RECIPIENT, Map.of()));
    assertThat(stencilled.stencils()).isEqualTo(2);
  }

  @Test
  void aTemplateThatDoesMoreThanWriteAValueKeepsThymeleaf() {
    Stencils stencils = new Stencils();
    Stencils.Key key = new Stencils.Key("t", "en", List.of("a"));
    // Upper-cases its value: the probe comes out changed.
    assertThat(stencils.stencil(key, Map.of("a", "x"),
        slots -> new String[] {slots.get("a").toUpperCase(Locale.ROOT), ""})).isEmpty();
    // Writes the value's length: no marker in the output, and the check against the first
    // e-mail's own output fails.
    Stencils.Key length = new Stencils.Key("t", "zh-CN", List.of("a"));
    assertThat(stencils.stencil(length, Map.of("a", "xyz"),
        slots -> new String[] {"n=" + slots.get("a").length(), ""})).isEmpty();
    // Fails on text (a message formatting its argument as a number, say).
    Stencils.Key failing = new Stencils.Key("u", "en", List.of("a"));
    assertThat(stencils.stencil(failing, Map.of("a", "x"),
        slots -> { throw new IllegalArgumentException("not a number"); })).isEmpty();
    assertThat(stencils.made()).isZero();
  }

  @Test
  void onlyPlainPresentTextHasSlots() {
    assertThat(Stencils.slotValues(Map.of("a", "x", "b", "y"))).contains(
        new java.util.TreeMap<>(Map.of("a", "x", "b", "y")));
    for (Object notPlain : List.of("false", "off", "no", 45, Instant.EPOCH, "a\uE000b")) {
      assertThat(Stencils.slotValues(Map.of("a", "x", "b", notPlain))).isEqualTo(Optional.empty());
    }
  }

  /** A renderer of its own (no stencil made yet); {@code false}: Thymeleaf for every e-mail. */
  private Renderer renderer(boolean stencilled) {
    return new Renderer(messages, variables, context.getBeanProvider(AntiPhishingPhrases.class),
        "https://okpay.example/", stencilled);
  }

  private String json(Set<String> names, Map<String, Object> values) {
    Map<String, Object> chosen = new HashMap<>();
    for (String name : names) {
      chosen.put(name, values.get(name));
    }
    chosen.put(EmailRequest.REPLY_TO, values.get(EmailRequest.REPLY_TO));
    chosen.put(EmailRequest.TIME_ZONE, "Asia/Shanghai");
    return variables.encode(chosen);
  }

  private static Map<String, Object> plainValues() {
    Map<String, Object> values = new HashMap<>();
    for (String name : List.of("subject", "heading", "message", "name", "linkText", "ip",
        "device")) {
      values.put(name, "plain " + name);
    }
    values.put("link", "https://okpay.example/a");
    values.put("time", Instant.parse("2026-11-25T10:05:00Z"));
    values.put("expiresInMinutes", 45);
    values.put(EmailRequest.REPLY_TO, "help@okpay.example");
    return values;
  }

  /** What escaping, message formats and inlining could get wrong. */
  private static Map<String, Object> awkwardValues() {
    Map<String, Object> values = new HashMap<>();
    for (String name : List.of("subject", "heading", "message", "name", "linkText", "ip",
        "device")) {
      values.put(name, "<b>" + name + "</b> & \"quoted\" 'it''s' 张三 {0} [(${x})] #{mail.x} $1 \\n\nline");
    }
    values.put("link", "https://okpay.example/a?x=1&y=<2>");
    values.put("time", Instant.parse("2026-12-01T23:59:00Z"));
    values.put("expiresInMinutes", 30);
    values.put(EmailRequest.REPLY_TO, "case-7 <help@okpay.example>");
    return values;
  }
}
