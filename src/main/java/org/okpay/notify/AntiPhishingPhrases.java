package org.okpay.notify;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

  /**
   * The phrases of many addresses at once (a batch of e-mails being rendered), keyed by the
   * address in lower case; an address without a phrase is missing from the map. The default asks
   * {@link #phraseFor} for each; the module that keeps the phrases answers in one query.
   */
  default Map<String, String> phrasesFor(Collection<String> emailAddresses) {
    Map<String, String> phrases = new HashMap<>();
    for (String address : emailAddresses) {
      phraseFor(address).ifPresent(p -> phrases.put(address.strip().toLowerCase(Locale.ROOT), p));
    }
    return phrases;
  }
}
