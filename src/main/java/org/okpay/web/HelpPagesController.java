package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.okpay.identity.AccountHelpApi;
import org.okpay.identity.AccountHelpApi.SignInLock;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.NextSteps;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.okpay.support.CaseCategory;
import org.okpay.support.CasePriority;
import org.okpay.support.HelpApi;
import org.okpay.support.NewCase;
import org.okpay.support.SupportApi;
import org.okpay.support.SupportCase;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The help center ({@code /help}): the six problem categories of the help article, each of which
 * first checks the signed-in customer's own data (their lock, failed payments with their next
 * steps, money on the way, refund requests, account security) and answers, and only then offers
 * a case ("still need help?": the cases' own form, with the category and transaction filled in).
 * A visitor who cannot sign in gets what needs no account: the lock of an address (answered as
 * the login page does, the same for addresses without an account), a case by e-mail
 * ({@code /help/contact}) and "my account was hacked" by a link to the account's address
 * ({@code /help/hacked}). Every "contact support" of the pages and e-mails leads here, with the
 * failure's code as {@code topic}, which picks the category.
 */
@Controller
public class HelpPagesController {

  /** The categories as they appear in paths, in the order of the help article. */
  static final Map<CaseCategory, String> SLUGS = new LinkedHashMap<>();

  static {
    for (CaseCategory c : CaseCategory.values()) {
      SLUGS.put(c, c.code().replace('_', '-'));
    }
  }

  static final int MESSAGE_LENGTH_MAX = 5_000;
  static final int SUBJECT_LENGTH_MAX = 120;
  static final int CONTACTS_PER_WINDOW = 5;
  static final Duration CONTACT_WINDOW = Duration.ofMinutes(10);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
  private static final int EMAIL_LENGTH_MAX = 254;

  private final HelpApi help;
  private final AccountHelpApi accountHelp;
  private final IdentityApi identity;
  private final SupportApi support;
  private final NextStepButtons nextSteps;
  private final FormProblems forms;
  private final IpRateLimiter limiter;
  private final Clock clock;
  private final MoneyText moneyText;

  HelpPagesController(HelpApi help, AccountHelpApi accountHelp, IdentityApi identity,
      SupportApi support, NextStepButtons nextSteps, FormProblems forms, IpRateLimiter limiter,
      Clock clock, MoneyText moneyText) {
    this.moneyText = moneyText;
    this.help = help;
    this.accountHelp = accountHelp;
    this.identity = identity;
    this.support = support;
    this.nextSteps = nextSteps;
    this.forms = forms;
    this.limiter = limiter;
    this.clock = clock;
  }

  /**
   * The categories; with {@code topic} (a failure's code, from a "contact support" link) or a
   * transaction, straight to the category they belong to.
   */
  @GetMapping("/help")
  public String index(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String topic,
      @RequestParam(required = false) String transaction, Model model) {
    if ((topic == null || topic.isBlank()) && (transaction == null || transaction.isBlank())) {
      model.addAttribute("slugs", SLUGS);
      return "help/index";
    }
    Optional<TransactionView> tx = user == null ? Optional.empty()
        : uuid(transaction).flatMap(id -> help.transaction(user.userId(), id));
    CaseCategory category = help.categoryOf(topic, tx.orElse(null));
    UriComponentsBuilder to = UriComponentsBuilder.fromPath("/help/" + SLUGS.get(category));
    if (topic != null && !topic.isBlank()) {
      to.queryParam("topic", topic.strip());
    }
    tx.ifPresent(t -> to.queryParam("transaction", t.id()));
    return "redirect:" + to.encode().toUriString();
  }

  @GetMapping("/help/{slug:sign-in|payment-failed|money-not-received|account-security|refund|other}")
  public String category(@AuthenticationPrincipal CurrentUser user, @PathVariable String slug,
      @RequestParam(required = false) String topic,
      @RequestParam(required = false) String transaction,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    CaseCategory category = CaseCategory.fromCode(slug.replace('-', '_'));
    model.addAttribute("category", category);
    model.addAttribute("slug", slug);
    model.addAttribute("slugs", SLUGS);
    knownTopic(topic).ifPresent(code -> model.addAttribute("topic", code));
    Optional<TransactionView> focus = user == null ? Optional.empty()
        : uuid(transaction).flatMap(id -> help.transaction(user.userId(), id));
    focus.ifPresent(tx -> {
      model.addAttribute("focus", tx);
      model.addAttribute("focusButtons", buttons(user, tx));
      model.addAttribute("focusLate", late(tx));
    });
    model.addAttribute("caseHref", caseHref(user, category, focus.orElse(null)));
    if (user == null) {
      signedOut(category, draft, request, response, model);
    } else {
      signedIn(user, category, model);
    }
    return "help/category";
  }

  private void signedIn(CurrentUser user, CaseCategory category, Model model) {
    switch (category) {
      case SIGN_IN -> model.addAttribute("lock", accountHelp.signInLock(user.userId()));
      case PAYMENT_FAILED -> {
        List<TransactionView> failed = help.failedPayments(user.userId());
        Map<UUID, List<NextStepButtons.Button>> buttons = new LinkedHashMap<>();
        failed.forEach(tx -> buttons.put(tx.id(), buttons(user, tx)));
        model.addAttribute("failed", failed);
        model.addAttribute("buttons", buttons);
      }
      case MONEY_NOT_RECEIVED -> {
        List<TransactionView> onTheWay = help.moneyOnTheWay(user.userId());
        Set<UUID> late = new HashSet<>();
        onTheWay.stream().filter(this::late).forEach(tx -> late.add(tx.id()));
        model.addAttribute("onTheWay", onTheWay);
        model.addAttribute("late", late);
      }
      case REFUND -> {
        var requests = help.refundRequests(user.userId());
        Map<UUID, String> amounts = new LinkedHashMap<>();
        requests.forEach(r -> amounts.put(r.id(),
            moneyText.of(r.amountMinor(), java.util.Currency.getInstance(r.currency()))));
        model.addAttribute("refundRequests", requests);
        model.addAttribute("refundAmounts", amounts);
      }
      case ACCOUNT_SECURITY -> {
        model.addAttribute("frozen", identity.frozen(user.userId()));
        model.addAttribute("sessionCount", identity.sessions(user).size());
        model.addAttribute("phraseSet",
            accountHelp.antiPhishingPhrase(user.userId()).isPresent());
      }
      case OTHER -> { }
    }
  }

  private void signedOut(CaseCategory category, String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (category == CaseCategory.SIGN_IN) {
      forms.restore(null, draft, "help-lock", request, response, model).ifPresent(d -> {
        model.addAttribute("email", d.field("email"));
        if (d.field("locked") != null) {
          model.addAttribute("lock", new SignInLock(Boolean.parseBoolean(d.field("locked")),
              d.field("until") == null ? null : Instant.parse(d.field("until")),
              Boolean.parseBoolean(d.field("hard"))));
        }
      });
    }
  }

  /**
   * A signed-out visitor asks whether an address is locked: the answer of the login page, kept
   * for unknown addresses too, so it tells nothing about who has an account.
   */
  @PostMapping("/help/sign-in/lock")
  public String lockOf(@RequestParam(defaultValue = "") String email,
      HttpServletRequest request) {
    try {
      SignInLock lock = accountHelp.signInLockOf(email, request.getRemoteAddr());
      return forms.redirect(request, null, "help-lock", "/help/sign-in#lock-result",
          FormProblems.fields("email", email, "locked", Boolean.toString(lock.locked()),
              "until", lock.until() == null ? null : lock.until().toString(),
              "hard", Boolean.toString(lock.hard())));
    } catch (OkPayException e) {
      return forms.redirect(request, null, "help-lock", "/help/sign-in#lock-form",
          FormProblems.fields("email", email), "problem", e);
    }
  }

  // ---- A case while signed out ----

  @GetMapping("/help/contact")
  public String contactPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    CaseCategory chosen = categoryParam(category).orElse(CaseCategory.OTHER);
    if (user != null) {
      return "redirect:" + caseHref(user, chosen, null);
    }
    model.addAttribute("slugs", SLUGS);
    model.addAttribute("chosen", chosen.code());
    model.addAttribute("requestId", UUID.randomUUID().toString());
    forms.restore(null, draft, "help-contact", request, response, model).ifPresent(d -> {
      model.addAttribute("email", d.field("email"));
      model.addAttribute("chosen", d.field("category"));
      model.addAttribute("message", d.field("message"));
      if (d.field("reference") != null) {
        model.addAttribute("sentReference", d.field("reference"));
        model.addAttribute("sentAnswerBy", d.field("answerBy") == null ? null
            : Instant.parse(d.field("answerBy")));
      }
    });
    return "help/contact";
  }

  /**
   * Opens a case for someone who is not signed in. The case is tied to the address only (no
   * account is looked up, so neither the answer nor its time depends on one); the cases module
   * e-mails the confirmation to that address.
   */
  @PostMapping("/help/contact")
  public String contact(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String category,
      @RequestParam(defaultValue = "") String message,
      @RequestParam(defaultValue = "") String requestId, HttpServletRequest request) {
    if (user != null) {
      return "redirect:" + caseHref(user, categoryParam(category).orElse(CaseCategory.OTHER),
          null);
    }
    try {
      limiter.acquire("help-contact", request.getRemoteAddr(), CONTACTS_PER_WINDOW,
          CONTACT_WINDOW);
      SupportCase opened = support.open(contactCase(email, category, message, requestId));
      return forms.redirect(request, null, "help-contact", "/help/contact/sent",
          FormProblems.fields("email", opened.contactEmail(), "reference", opened.reference(),
              "answerBy", opened.answerBy() == null ? null : opened.answerBy().toString()));
    } catch (OkPayException e) {
      return forms.redirect(request, null, "help-contact", "/help/contact#contact-form",
          FormProblems.fields("email", email, "category", category, "message",
              message.length() > MESSAGE_LENGTH_MAX ? message.substring(0, MESSAGE_LENGTH_MAX)
                  : message), "problem", e);
    }
  }

  @GetMapping("/help/contact/sent")
  public String contactSent(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    return forms.restore(null, draft, "help-contact", request, response, model)
        .filter(d -> d.field("reference") != null).map(d -> {
          model.addAttribute("email", d.field("email"));
          model.addAttribute("reference", d.field("reference"));
          model.addAttribute("answerBy", d.field("answerBy") == null ? null
              : Instant.parse(d.field("answerBy")));
          return "help/contact-sent";
        }).orElse("redirect:/help/contact");
  }

  private NewCase contactCase(String email, String category, String message, String requestId) {
    FieldErrors errors = new FieldErrors();
    String address = email.strip().toLowerCase(Locale.ROOT);
    if (address.isEmpty()) {
      errors.add("email", FieldErrors.REQUIRED);
    } else if (address.length() > EMAIL_LENGTH_MAX || !EMAIL.matcher(address).matches()) {
      errors.add("email", FieldErrors.FORMAT);
    }
    Optional<CaseCategory> chosen = categoryParam(category);
    if (chosen.isEmpty()) {
      errors.add("category", FieldErrors.UNKNOWN);
    }
    String text = message.strip();
    if (text.isEmpty()) {
      errors.add("message", FieldErrors.REQUIRED);
    } else if (text.length() > MESSAGE_LENGTH_MAX) {
      errors.add("message", FieldErrors.TOO_LONG);
    }
    if (uuid(requestId).isEmpty()) {
      errors.add("requestId", FieldErrors.FORMAT);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    String firstLine = text.lines().findFirst().orElse(text).strip();
    String subject = firstLine.length() > SUBJECT_LENGTH_MAX
        ? firstLine.substring(0, SUBJECT_LENGTH_MAX) : firstLine;
    // Account security while signed out (locked out, or the password changed by someone else)
    // is as urgent as a hacked account; the rest waits its normal turn.
    CasePriority priority = chosen.get() == CaseCategory.ACCOUNT_SECURITY ? CasePriority.HIGH
        : CasePriority.NORMAL;
    return new NewCase(null, address, LocaleContextHolder.getLocale().toLanguageTag()
        .startsWith("zh") ? "zh-CN" : "en", chosen.get(), priority, subject, text, null,
        "web:help-contact:" + requestId, "web");
  }

  // ---- "My account was hacked" while signed out ----

  @GetMapping("/help/hacked")
  public String hackedPage(@RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    forms.restore(null, draft, "help-hacked", request, response, model).ifPresent(d -> {
      model.addAttribute("email", d.field("email"));
      model.addAttribute("sent", d.field("sent") != null);
    });
    return "help/hacked";
  }

  /** The same answer for every address: "if it has an account, we sent a link". */
  @PostMapping("/help/hacked")
  public String hacked(@RequestParam(defaultValue = "") String email,
      HttpServletRequest request) {
    try {
      accountHelp.requestFreezeLink(email, request.getRemoteAddr());
      return forms.redirect(request, null, "help-hacked", "/help/hacked#hacked-sent",
          FormProblems.fields("email", email, "sent", "true"));
    } catch (OkPayException e) {
      return forms.redirect(request, null, "help-hacked", "/help/hacked#hacked-form",
          FormProblems.fields("email", email), "problem", e);
    }
  }

  /** The link from the e-mail shows a confirmation; nothing is frozen by merely opening it. */
  @GetMapping("/help/hacked/confirm")
  public String confirmPage(@RequestParam(defaultValue = "") String token, Model model) {
    model.addAttribute("token", token);
    model.addAttribute("valid", accountHelp.freezeLinkValid(token));
    return "help/hacked-confirm";
  }

  @PostMapping("/help/hacked/confirm")
  public String confirm(@RequestParam(defaultValue = "") String token,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      accountHelp.freezeWithLink(token, request.getRemoteAddr());
      return FormProblems.seeOther(request, "/help/hacked/frozen");
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("token", token);
      model.addAttribute("valid", false);
      return "help/hacked-confirm";
    }
  }

  @GetMapping("/help/hacked/frozen")
  public String frozen() {
    return "help/hacked-frozen";
  }

  // ---- Helpers ----

  /** "Still need help?": the cases' form signed in, the contact form signed out. */
  static String caseHref(CurrentUser user, CaseCategory category, TransactionView tx) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromPath(
        user == null ? "/help/contact" : "/support/cases/new")
        .queryParam("category", category.code());
    if (user != null && tx != null) {
      uri.queryParam("transaction", tx.id());
    }
    return uri.toUriString();
  }

  /** A transaction's next steps, without the "contact support" that led here. */
  private List<NextStepButtons.Button> buttons(CurrentUser user, TransactionView tx) {
    return nextSteps.forTransaction(user.userId(), tx).stream()
        .filter(b -> !NextSteps.Action.CONTACT_SUPPORT.code().equals(b.action())).toList();
  }

  private boolean late(TransactionView tx) {
    return late(tx, clock.instant());
  }

  /** The money should have arrived by {@code now} and has not. */
  static boolean late(TransactionView tx, Instant now) {
    return tx.delayed() || (tx.expectedAt() != null && tx.expectedAt().isBefore(now)
        && !tx.state().isFinal() && tx.state() != org.okpay.payments.TransactionState.COMPLETED);
  }

  private static Optional<String> knownTopic(String topic) {
    if (topic == null) {
      return Optional.empty();
    }
    String code = topic.strip();
    return Arrays.stream(ErrorCode.values()).map(ErrorCode::code).filter(code::equals)
        .findFirst();
  }

  private static Optional<CaseCategory> categoryParam(String code) {
    return Arrays.stream(CaseCategory.values()).filter(c -> c.code().equals(code)).findFirst();
  }

  private static Optional<UUID> uuid(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(text.strip()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
