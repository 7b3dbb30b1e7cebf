package org.okpay.notify;

import java.util.Optional;

/**
 * The plug-in point for the anti-phishing phrase: the personal phrase a user chose, which every
 * genuine OKPay e-mail to them shows at its top (so an e-mail without it is not from OKPay).
 * Notify knows no users; the module that keeps the phrases (identity) provides this as a bean.
 * Without such a bean e-mails carry no phrase.
 */
public interface AntiPhishingPhrases {

  /**
   * The phrase of the account whose address is {@code emailAddress} (compared ignoring case),
   * empty when it has none or no account uses the address. Called when an e-mail is rendered,
   * so a phrase changed after the e-mail was queued is the one shown.
   */
  Optional<String> phraseFor(String emailAddress);
}
