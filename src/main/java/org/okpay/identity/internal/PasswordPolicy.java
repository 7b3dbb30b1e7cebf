package org.okpay.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import org.springframework.stereotype.Component;

/**
 * NIST SP 800-63B passwords: 12 to 128 characters of anything, no composition rules, but not one
 * of the 100,000 most common passwords (the list nbvcxz bundles) and not easy to guess by
 * nbvcxz's estimate, counting the user's own e-mail and name as known words.
 */
@Component
class PasswordPolicy {

  static final int LENGTH_MIN = 12;
  static final int LENGTH_MAX = 128;
  /** nbvcxz's entropy bar; its default (35 bits) is for 8-character passwords. */
  static final double ENTROPY_MIN_BITS = 40;

  /** Why a password was refused; each has a message {@code password.<key>}. */
  enum Weakness {
    TOO_SHORT("too_short"), TOO_LONG("too_long"), COMMON("common"), GUESSABLE("guessable");

    final String key;

    Weakness(String key) {
      this.key = key;
    }
  }

  private final Map<String, Integer> common;

  PasswordPolicy() {
    this.common = ConfigurationBuilder.getDefaultDictionaries().stream()
        .filter(d -> d.getDictionaryName().equals("passwords"))
        .findFirst().map(Dictionary::getDictonary)
        .orElseThrow(() -> new IllegalStateException("nbvcxz password list missing"));
  }

  Optional<Weakness> check(String password, String... personalWords) {
    int length = password.codePointCount(0, password.length());
    if (length < LENGTH_MIN) {
      return Optional.of(Weakness.TOO_SHORT);
    }
    if (length > LENGTH_MAX) {
      return Optional.of(Weakness.TOO_LONG);
    }
    if (common.containsKey(password.toLowerCase(Locale.ROOT))) {
      return Optional.of(Weakness.COMMON);
    }
    if (!estimator(personalWords).estimate(password).isMinimumEntropyMet()) {
      return Optional.of(Weakness.GUESSABLE);
    }
    return Optional.empty();
  }

  /** nbvcxz's 0..4 score, for a meter; 0 for anything the policy refuses outright. */
  int score(String password, String... personalWords) {
    if (password.isEmpty() || password.length() > LENGTH_MAX * 2) {
      return 0;
    }
    return estimator(personalWords).estimate(password).getBasicScore();
  }

  int commonPasswordCount() {
    return common.size();
  }

  private static Nbvcxz estimator(String... personalWords) {
    DictionaryBuilder personal = new DictionaryBuilder().setDictionaryName("personal")
        .setExclusion(true);
    for (String word : personalWords) {
      if (word != null && !word.isBlank()) {
        personal.addWord(word.toLowerCase(Locale.ROOT), 0);
        for (String part : word.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
          if (part.length() >= 3) {
            personal.addWord(part, 0);
          }
        }
      }
    }
    List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
    dictionaries.add(personal.createDictionary());
    return new Nbvcxz(new ConfigurationBuilder().setDictionaries(dictionaries)
        .setMinimumEntropy(ENTROPY_MIN_BITS).createConfiguration());
  }
}
