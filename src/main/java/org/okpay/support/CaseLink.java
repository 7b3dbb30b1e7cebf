package org.okpay.support;

import java.util.Objects;
import java.util.UUID;

/**
 * What a case is attached to.
 *
 * @param type {@code transaction}, {@code refund}, {@code refund_request}, {@code dispute} or
 *     {@code complaint}
 */
public record CaseLink(String type, UUID id) {

  public CaseLink {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }
}
