package org.okpay.notify.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.okpay.notify.AntiPhishingPhrases;
import org.okpay.notify.EmailTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.okpay.notify.InAppTemplate;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders notifications in the recipient's language. E-mails use their own Thymeleaf engine over
 * {@code templates/mail/}: {@code *.html} in HTML mode (escaped), {@code *.txt} in TEXT mode. It is
 * deliberately not a bean, so Spring Boot's page engine stays as it is. Texts come from the
 * application's messages ({@code mail.*}, {@code notify.*}).
 */
@Component
class Renderer {

  private static final String PREFIX = "templates/mail/";
  private static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
  /** Every e-mail's footer links the help center: "contact support" always has a channel. */
  static final String HELP_PATH = "/help";
  /** The stencil slots of the subject and the anti-phishing phrase (no variable has an "@"). */
  private static final String SUBJECT_SLOT = "@subject";
  private static final String PHRASE_SLOT = "@antiPhishing";

  private final SpringTemplateEngine engine;
  private final MessageSource messages;
  private final Variables variables;
  private final ObjectProvider<AntiPhishingPhrases> phrases;
  private final String helpUrl;
  /** Null when every e-mail is processed by Thymeleaf ({@code okpay.notify.mail-stencils}). */
  private final Stencils stencils;

  Renderer(MessageSource messages, Variables variables,
      ObjectProvider<AntiPhishingPhrases> phrases,
      @Value("${okpay.identity.public-url:}") String publicUrl,
      @Value("${okpay.notify.mail-stencils:true}") boolean stencilled) {
    this.stencils = stencilled ? new Stencils() : null;
    this.messages = messages;
    this.variables = variables;
    this.phrases = phrases;
    String base = publicUrl.isBlank() ? DEFAULT_PUBLIC_URL : publicUrl;
    this.helpUrl = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + HELP_PATH;
    this.engine = new SpringTemplateEngine();
    engine.addTemplateResolver(resolver("*.html", TemplateMode.HTML, 1));
    engine.addTemplateResolver(resolver("*.txt", TemplateMode.TEXT, 2));
    engine.setTemplateEngineMessageSource(messages);
  }

  private static ClassLoaderTemplateResolver resolver(String pattern, TemplateMode mode, int order) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix(PREFIX);
    resolver.setResolvablePatterns(Set.of(pattern));
    resolver.setTemplateMode(mode);
    resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
    resolver.setCheckExistence(true);
    resolver.setCacheable(true);
    resolver.setOrder(order);
    return resolver;
  }

  RenderedEmail email(EmailTemplate template, Locale locale, String variablesJson) {
    return email(template, locale, variables.decode(variablesJson), (String) null);
  }

  /** The e-mail to {@code recipient}, with its owner's anti-phishing phrase at the top if set. */
  RenderedEmail email(EmailTemplate template, Locale locale, String variablesJson,
      String recipient) {
    String phrase = recipient == null ? null
        : phrases.stream().findFirst().flatMap(p -> p.phraseFor(recipient)).orElse(null);
    return email(template, locale, variables.decode(variablesJson), phrase);
  }

  /**
   * The e-mail to {@code recipient} with the phrase looked up beforehand for its whole batch
   * ({@link #phrases}): one query per batch instead of one per e-mail.
   */
  RenderedEmail email(EmailTemplate template, Locale locale, String variablesJson,
      String recipient, Map<String, String> phrasesByAddress) {
    return email(template, locale, variables.decode(variablesJson),
        phrasesByAddress.get(recipient.strip().toLowerCase(Locale.ROOT)));
  }

  /** The anti-phishing phrases of a batch's recipients, keyed by the address in lower case. */
  Map<String, String> phrases(Collection<String> recipients) {
    return phrases.stream().findFirst().map(p -> p.phrasesFor(recipients)).orElse(Map.of());
  }

  RenderedEmail email(EmailTemplate template, Locale locale, Map<String, Object> values) {
    return email(template, locale, values, (String) null);
  }

  private RenderedEmail email(EmailTemplate template, Locale locale, Map<String, Object> values,
      String antiPhishingPhrase) {
    MailFormat format = MailFormat.of(locale, values);
    String subject = NamedText.fill(text("mail." + template.key() + ".subject", locale), values,
        format);
    String[] bodies = bodies(template, locale, values, subject, antiPhishingPhrase, format);
    return new RenderedEmail(subject, bodies[0], bodies[1].strip() + "\n",
        values.get(org.okpay.notify.EmailRequest.REPLY_TO) instanceof String replyTo ? replyTo : null);
  }

  /**
   * The html and text bodies: from the shape's stencil when every value is plain text (see
   * {@link Stencils}), else processed by Thymeleaf.
   */
  private String[] bodies(EmailTemplate template, Locale locale, Map<String, Object> values,
      String subject, String antiPhishingPhrase, MailFormat format) {
    if (stencils == null) {
      return process(template, locale, values, subject, antiPhishingPhrase, format);
    }
    Map<String, Object> slotted = new HashMap<>(values);
    slotted.put(SUBJECT_SLOT, subject);
    if (antiPhishingPhrase != null) {
      slotted.put(PHRASE_SLOT, antiPhishingPhrase);
    }
    Optional<TreeMap<String, String>> slots = Stencils.slotValues(slotted);
    if (slots.isEmpty()) {
      return process(template, locale, values, subject, antiPhishingPhrase, format);
    }
    Map<String, String> real = slots.get();
    // The whole locale, not the language it is answered in: messages resolve per locale.
    Stencils.Key key = new Stencils.Key(template.key(), locale.toLanguageTag(),
        List.copyOf(real.keySet()));
    Optional<Stencils.Stencil> stencil = stencils.stencil(key, real, filled -> {
      Map<String, Object> variables = new HashMap<>(filled);
      variables.remove(SUBJECT_SLOT);
      variables.remove(PHRASE_SLOT);
      return process(template, locale, variables, filled.get(SUBJECT_SLOT),
          filled.get(PHRASE_SLOT), format);
    });
    return stencil.map(s -> new String[] {s.html(real), s.text(real)})
        .orElseGet(() -> process(template, locale, values, subject, antiPhishingPhrase, format));
  }

  private String[] process(EmailTemplate template, Locale locale, Map<String, Object> values,
      String subject, String antiPhishingPhrase, MailFormat format) {
    Map<String, Object> model = new HashMap<>(values);
    model.put("fmt", format);
    model.put("subject", subject);
    model.put("lang", Locales.tag(locale));
    model.put("preheader", text("mail." + template.key() + ".preheader", locale));
    model.put("helpUrl", helpUrl);
    // Escaped like every variable by th:text in HTML; the text part is plain text anyway.
    model.put("antiPhishing", antiPhishingPhrase);
    Context context = new Context(locale, model);
    return new String[] {engine.process(template.key() + ".html", context),
        engine.process(template.key() + ".txt", context)};
  }

  /** How many e-mail shapes are filled from a stencil. */
  long stencils() {
    return stencils == null ? 0 : stencils.made();
  }

  /** Title and body of an in-app notification, from its variables as the outbox keeps them. */
  InAppText inApp(InAppTemplate template, Locale locale, String variablesJson) {
    return inApp(template, locale, variables.decode(variablesJson));
  }

  /**
   * Title and body of an in-app notification, from the request's (checked) variables: the same
   * text as from their stored form, which gives back the same values (a number may come back as
   * an Integer or a Long, which read alike).
   */
  InAppText inApp(InAppTemplate template, Locale locale, Map<String, Object> values) {
    MailFormat format = MailFormat.of(locale, values);
    return new InAppText(
        NamedText.fill(text("notify." + template.key() + ".title", locale), values, format),
        NamedText.fill(text("notify." + template.key() + ".body", locale), values, format));
  }

  record InAppText(String title, String body) {
  }

  /** A message read without arguments, so MessageFormat leaves {@code {name}} alone. */
  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }
}
