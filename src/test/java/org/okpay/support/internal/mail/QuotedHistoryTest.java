package org.okpay.support.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What is left of a customer's e-mail reply: what they typed, never the quoted thread. */
class QuotedHistoryTest {

  @Test
  void gmailsWroteLineAndQuotedLinesAreCut() {
    String text = """
        Thanks, the money arrived now.

        On Mon, Dec 7, 2026 at 10:47 AM OKPay Support <support@okpay.example>
        wrote:
        > We are looking into it.
        > -- Agent
        """;
    assertThat(QuotedHistory.strip(text)).isEqualTo("Thanks, the money arrived now.");
  }

  @Test
  void outlooksHeaderBlockIsCut() {
    String text = "It still has not arrived.\r\n\r\n________________________________\r\n"
        + "From: OKPay <support@okpay.example>\r\nSent: Monday\r\nSubject: [C-20261207-4F2K]\r\n"
        + "Earlier text";
    assertThat(QuotedHistory.strip(text)).isEqualTo("It still has not arrived.");
    assertThat(QuotedHistory.strip("Yes.\nFrom: OKPay\nTo: me\nold")).isEqualTo("Yes.");
  }

  @Test
  void chineseMailProgramsAndOurMarkerAreCut() {
    assertThat(QuotedHistory.strip("钱已经到账了，谢谢。\n\n在 2026年12月7日 10:47，OKPay 写道：\n> 旧的"))
        .isEqualTo("钱已经到账了，谢谢。");
    assertThat(QuotedHistory.strip("好的\n发件人: OKPay\n发送时间: 2026年12月7日\n旧"))
        .isEqualTo("好的");
    assertThat(QuotedHistory.strip("Done\n## Reply above this line ##\nthread"))
        .isEqualTo("Done");
    assertThat(QuotedHistory.strip("Bye\n-- \nPat, sent from my phone")).isEqualTo("Bye");
  }

  @Test
  void textWithoutHistoryStaysWhole() {
    String text = "Line one\n\nLine two: with a colon\nOn second thought, fine.";
    assertThat(QuotedHistory.strip(text)).isEqualTo(text);
  }

  @Test
  void referencesComeFromTheSubjectOrThePlusAddress() {
    assertThat(CaseReferences.of("Re: [C-20261207-4F2K] Your case", List.of()))
        .contains("C-20261207-4F2K");
    assertThat(CaseReferences.of("Re: your case", List.of("support+c-20261207-4f2k@okpay.example")))
        .contains("C-20261207-4F2K");
    assertThat(CaseReferences.of("Hello", List.of("support@okpay.example"))).isEmpty();
    assertThat(CaseReferences.replyTo("support@okpay.example", "C-20261207-4F2K"))
        .isEqualTo("support+C-20261207-4F2K@okpay.example");
  }

  @Test
  void anHtmlOnlyMailIsReadAsTextWithoutItsQuoteAndAttachmentsAreBounded() throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress("Pat <PAT@Example.com>"));
    message.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@okpay.example");
    message.setSubject("Re: [C-20261207-4F2K] Your case");
    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent("<div>It <b>arrived</b> &amp; thanks<br>Pat</div><style>p{}</style>"
        + "<div class=\"gmail_quote\">On … wrote:<blockquote>old</blockquote></div>",
        "text/html; charset=UTF-8");
    mixed.addBodyPart(html);
    MimeBodyPart file = new MimeBodyPart();
    file.setContent("receipt", "text/plain; charset=UTF-8");
    file.setFileName("receipt.txt");
    file.setDisposition(jakarta.mail.Part.ATTACHMENT);
    mixed.addBodyPart(file);
    message.setContent(mixed);
    message.saveChanges();

    InboundMail mail = MailParser.parse(message);

    assertThat(mail.from()).isEqualTo("pat@example.com");
    assertThat(mail.text()).isEqualTo("It arrived & thanks\nPat");
    assertThat(mail.attachments()).singleElement()
        .satisfies(a -> assertThat(a.filename()).isEqualTo("receipt.txt"));
    assertThat(mail.messageId()).startsWith("<");
    assertThat(mail.autoSubmitted()).isFalse();
  }
}
