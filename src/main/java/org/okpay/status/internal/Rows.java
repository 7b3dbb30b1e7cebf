package org.okpay.status.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.okpay.status.StatusComponent;

/** Column conversions the status tables share: component arrays and UTC timestamps. */
final class Rows {

  private Rows() {
  }

  static String keys(Set<StatusComponent> components) {
    return components.stream().map(StatusComponent::key).sorted().collect(Collectors.joining(","));
  }

  static Set<StatusComponent> components(Array array) throws SQLException {
    EnumSet<StatusComponent> set = EnumSet.noneOf(StatusComponent.class);
    Arrays.stream((String[]) array.getArray()).map(StatusComponent::fromKey).forEach(set::add);
    return set;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
