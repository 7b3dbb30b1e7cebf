package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.okpay.shared.ErrorCode;

/**
 * Every text a customer can meet exists in both languages: a message for every error code, a
 * title for every status an error can have, and the same keys in English and Chinese.
 */
class MessagesTest {

  private static final List<Integer> TITLED_STATUSES =
      List.of(400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 500, 503);

  private static final Properties EN = load("messages.properties");
  private static final Properties ZH = load("messages_zh_CN.properties");

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyErrorCodeHasACustomerMessageInBothLanguages(ErrorCode code) {
    String english = EN.getProperty(code.messageKey());
    String chinese = ZH.getProperty(code.messageKey());

    assertThat(english).as("English " + code.messageKey()).isNotBlank().doesNotContain(code.code());
    assertThat(chinese).as("Chinese " + code.messageKey()).isNotBlank().matches("(?s).*\\p{IsHan}.*");
    // MessageFormat would eat a straight apostrophe or choke on a brace once arguments are given.
    assertThat(english + chinese).doesNotContain("'").doesNotContain("{");
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyErrorStatusHasATitle(ErrorCode code) {
    String key = "error.title." + code.status().value();

    assertThat(EN.getProperty(key)).as(key).isNotBlank();
    assertThat(ZH.getProperty(key)).as(key).matches("(?s).*\\p{IsHan}.*");
  }

  @Test
  void titlesCoverTheCommonStatuses() {
    for (int status : TITLED_STATUSES) {
      assertThat(EN.getProperty("error.title." + status)).as("en " + status).isNotBlank();
      assertThat(ZH.getProperty("error.title." + status)).as("zh " + status).isNotBlank();
    }
  }

  @Test
  void bothLanguagesHaveTheSameKeys() {
    assertThat(new TreeSet<>(ZH.stringPropertyNames()))
        .isEqualTo(new TreeSet<>(EN.stringPropertyNames()));
  }

  @Test
  void chineseTextsAreTranslated() {
    // Brand and language names may be equal; everything else must differ from the English text.
    List<String> sameOnPurpose = List.of("site.name", "lang.en", "lang.zh",
        "status.component.api");
    for (String key : EN.stringPropertyNames()) {
      if (!sameOnPurpose.contains(key)) {
        assertThat(ZH.getProperty(key)).as(key).isNotEqualTo(EN.getProperty(key));
      }
    }
  }

  private static Properties load(String name) {
    // Read as UTF-8, the encoding Spring's MessageSource uses for these files.
    try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      Properties properties = new Properties();
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      return properties;
    } catch (IOException e) {
      throw new IllegalStateException(name, e);
    }
  }
}
