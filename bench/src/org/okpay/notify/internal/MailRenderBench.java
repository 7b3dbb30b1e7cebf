package org.okpay.notify.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.okpay.notify.AntiPhishingPhrases;
import org.okpay.notify.EmailTemplate;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.ResourceBundleMessageSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * CPU per e-mail of the payee's receipt (the generic e-mail a P2P payment sends), rendered as
 * the outbox dispatcher renders it (from the stored variables), by Thymeleaf alone and from
 * stencils, in one process, in alternating rounds. Both renderers are the application's own
 * {@link Renderer}, one with {@code okpay.notify.mail-stencils} off. See bench/mail.sh.
 *
 * <p>Arguments: rounds, seconds per round.
 */
public final class MailRenderBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    Variables variables = new Variables(JsonMapper.builder().build());
    var phrases = new StaticListableBeanFactory().getBeanProvider(AntiPhishingPhrases.class);
    Renderer thymeleaf = new Renderer(messages, variables, phrases, "https://okpay.example", false);
    Renderer stencils = new Renderer(messages, variables, phrases, "https://okpay.example", true);

    List<Mail> mails = receipts(variables, 1000);
    int same = 0;
    for (Mail mail : mails) {
      same += render(thymeleaf, mail).equals(render(stencils, mail)) ? 1 : 0;
    }
    System.out.printf("same output: %d of %d e-mails (English and Chinese, 1,000 payees)%n",
        same, mails.size());
    if (same != mails.size()) {
      System.out.println("FAILED: the stencilled e-mails differ from Thymeleaf's");
      System.exit(1);
    }

    System.out.printf("warm-up: %d rounds of %.1f s each, alternating%n", rounds, seconds);
    for (int i = 0; i < rounds; i++) {
      measure(thymeleaf, mails, seconds);
      measure(stencils, mails, seconds);
    }
    double[] slow = new double[rounds];
    double[] fast = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      slow[i] = measure(thymeleaf, mails, seconds);
      fast[i] = measure(stencils, mails, seconds);
      System.out.printf("round %d: thymeleaf %.1f us, stencil %.1f us of CPU per e-mail%n", i + 1,
          slow[i], fast[i]);
    }
    double thymeleafUs = median(slow);
    double stencilUs = median(fast);
    System.out.printf("stencils made: %d%n", stencils.stencils());
    System.out.printf("mail thymeleaf_us=%.1f stencil_us=%.1f ratio=%.1f%n", thymeleafUs,
        stencilUs, thymeleafUs / stencilUs);
  }

  private record Mail(Locale locale, String json, String recipient) {
  }

  private static RenderedEmail render(Renderer renderer, Mail mail) {
    return renderer.email(EmailTemplate.GENERIC, mail.locale(), mail.json(), mail.recipient(),
        Map.of());
  }

  /** Microseconds of this thread's CPU per e-mail over about {@code seconds}. */
  private static double measure(Renderer renderer, List<Mail> mails, double seconds) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long wallEnd = System.nanoTime() + (long) (seconds * 1e9);
    long count = 0;
    int sink = 0;
    while (System.nanoTime() < wallEnd) {
      for (int i = 0; i < 100; i++) {
        sink += render(renderer, mails.get((int) (count++ % mails.size()))).html().length();
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
  }

  /** As PaymentNotices writes the payee's "you received" e-mail. */
  private static List<Mail> receipts(Variables variables, int count) {
    List<Mail> mails = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean chinese = i % 2 == 1;
      Map<String, Object> values = new HashMap<>();
      values.put("subject", chinese ? "您收到了一笔款项" : "You received money");
      values.put("heading", chinese ? "您收到了一笔款项" : "You received money");
      values.put("message", (chinese ? "您收到 US$" : "You received US$") + (i % 97 + 1) + ".00 "
          + (chinese ? "来自 " : "from ") + "Payer " + i + " (payer" + i + "@example.com).");
      values.put("name", "Payee " + i);
      values.put("link", "https://okpay.example/money/" + java.util.UUID.randomUUID());
      values.put("linkText", chinese ? "查看付款" : "View the payment");
      mails.add(new Mail(chinese ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH,
          variables.encode(values), "payee" + i + "@example.com"));
    }
    return mails;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
