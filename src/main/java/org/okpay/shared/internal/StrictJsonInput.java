package org.okpay.shared.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What every JSON body must respect beyond its own fields' rules. Strings may not carry a NUL
 * (PostgreSQL cannot store one) nor half of a surrogate pair (not text at all: hashing or storing
 * it fails deep inside); either is a 400 {@code malformed_request}. Fractions where a whole
 * number is expected are refused by {@code spring.jackson.deserialization.accept-float-as-int:
 * false} in application.yml, so {@code "amountMinor": 100.9} is never read as 100.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

  /** Spring Boot registers every JacksonModule bean with the application's JsonMapper. */
  @Bean
  JacksonModule strictStrings() {
    return new SimpleModule("okpay-strict-strings")
        .addDeserializer(String.class, new TextOnlyStringDeserializer());
  }

  static final class TextOnlyStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
      String value = super.deserialize(parser, context);
      if (value != null && !isText(value)) {
        throw context.weirdStringException(value, String.class,
            "a NUL or an unpaired surrogate is not text");
      }
      return value;
    }
  }

  /** No NUL and no unpaired surrogate. */
  static boolean isText(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
