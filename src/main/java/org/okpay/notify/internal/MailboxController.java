package org.okpay.notify.internal;

import java.nio.charset.StandardCharsets;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The development mailbox at {@code /dev/mailbox}: what OKPay would have e-mailed, when no SMTP
 * server is configured. The controller exists only in that mode, so with SMTP every address here
 * is a plain 404. It lives in the notify module because it is a window on notify's own table, for
 * development, not a customer page.
 *
 * <p>An e-mail's HTML is served by a separate endpoint under a {@code sandbox} Content Security
 * Policy and shown in a sandboxed iframe: it runs no script and cannot touch this page, whatever
 * it contains.
 */
@Controller
@Conditional(SmtpMode.Mailbox.class)
@RequestMapping("/dev/mailbox")
class MailboxController {

  static final int PAGE_MESSAGES = 100;
  private static final int ADDRESS_CHARS_MAX = 254;
  private static final String HTML_POLICY = "sandbox allow-popups allow-popups-to-escape-sandbox; "
      + "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

  private final DevMailbox mailbox;

  MailboxController(DevMailbox mailbox) {
    this.mailbox = mailbox;
  }

  @GetMapping
  String list(@RequestParam(required = false) String to, Model model) {
    model.addAttribute("to", recipient(to));
    model.addAttribute("messages", mailbox.latest(recipient(to), PAGE_MESSAGES));
    model.addAttribute("pageSize", PAGE_MESSAGES);
    return "dev/mailbox";
  }

  /** The table rows alone, which the list page reloads every few seconds with htmx. */
  @GetMapping("/rows")
  String rows(@RequestParam(required = false) String to, Model model) {
    model.addAttribute("to", recipient(to));
    model.addAttribute("messages", mailbox.latest(recipient(to), PAGE_MESSAGES));
    return "dev/mailbox :: rows";
  }

  @GetMapping("/{id}")
  String message(@PathVariable long id, Model model) {
    MailboxMessage message = find(id);
    model.addAttribute("message", message);
    model.addAttribute("links", message.links());
    return "dev/mailbox-message";
  }

  @GetMapping("/{id}/html")
  ResponseEntity<String> html(@PathVariable long id) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", HTML_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .body(find(id).html());
  }

  private MailboxMessage find(long id) {
    return mailbox.message(id).orElseThrow(() -> new OkPayException(ErrorCode.ROUTE_NOT_FOUND));
  }

  private static String recipient(String to) {
    if (to == null || to.isBlank()) {
      return null;
    }
    String stripped = to.strip();
    return stripped.length() <= ADDRESS_CHARS_MAX ? stripped : stripped.substring(0, ADDRESS_CHARS_MAX);
  }
}
