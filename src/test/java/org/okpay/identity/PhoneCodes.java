package org.okpay.identity;

import static org.awaitility.Awaitility.await;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;

/** Phone numbers nobody has used yet, and the confirmation codes OKPay e-mails for them. */
public final class PhoneCodes {

  /** The English e-mail's subject (the site name follows) and the line with the code. */
  private static final String SUBJECT = "Your code to confirm your phone number";
  private static final Pattern CODE = Pattern.compile("Your code: (\\d{6})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private PhoneCodes() {
  }

  /**
   * A Chinese mobile number (139 and 8 random digits) as E.164. The test database outlives a
   * run, and a confirmed number stays taken, so every test takes fresh ones.
   */
  public static String newChineseMobile() {
    return valid(() -> "+86139" + String.format("%08d", RANDOM.nextInt(100_000_000)));
  }

  /** A US number of area code 201 as dialled in the US, ten digits: {@code 2015550123}. */
  public static String newUsNational() {
    return valid(() -> "+1201" + (2_000_000 + RANDOM.nextInt(8_000_000))).substring(2);
  }

  /** Draws until libphonenumber calls the number a valid one that can take texts. */
  private static String valid(java.util.function.Supplier<String> draw) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    for (int i = 0; i < 1000; i++) {
      String candidate = draw.get();
      try {
        var number = util.parse(candidate, "ZZ");
        var type = util.getNumberType(number);
        if (util.isValidNumber(number) && (type == PhoneNumberUtil.PhoneNumberType.MOBILE
            || type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE)) {
          return candidate;
        }
      } catch (NumberParseException e) {
        // draw again
      }
    }
    throw new AssertionError("no valid number in 1000 draws");
  }

  /** The same number as people write it: {@code +86 139 1234 5678}. */
  public static String spaced(String chineseE164) {
    return "+86 " + chineseE164.substring(3, 6) + " " + chineseE164.substring(6, 10) + " "
        + chineseE164.substring(10);
  }

  /** The {@code n}th code (1 = the first) e-mailed to {@code email}, once it has arrived. */
  public static String code(DevMailbox mailbox, String email, int n) {
    List<MailboxMessage> mails = await().atMost(Duration.ofSeconds(10))
        .until(() -> codeMails(mailbox, email), list -> list.size() >= n);
    Matcher matcher = CODE.matcher(mails.get(mails.size() - n).text());
    if (!matcher.find()) {
      throw new AssertionError("no code in " + mails.get(mails.size() - n).text());
    }
    return matcher.group(1);
  }

  /** Code e-mails to the address, newest first. */
  public static List<MailboxMessage> codeMails(DevMailbox mailbox, String email) {
    return mailbox.latest(email, DevMailbox.LIMIT_MAX).stream()
        .filter(m -> m.subject().startsWith(SUBJECT)).toList();
  }
}
