package org.okpay.merchants.internal.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;

/**
 * Keeps webhooks from being aimed at OKPay's own network (server-side request forgery): a target
 * whose host resolves to a private, loopback, link-local, unique-local, shared (carrier-grade
 * NAT), unspecified, multicast or reserved address is refused, and only https is accepted, unless
 * the operator allows private targets (tests, a developer's machine). Checked when an endpoint is
 * saved and again before every attempt, since DNS may change in between. A redirect is never
 * followed (see {@link WebhookSender}).
 */
final class TargetGuard {

  static final int URL_CHARS_MAX = 2048;
  static final String FIELD = "url";

  private final boolean allowPrivate;

  TargetGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  boolean allowsPrivate() {
    return allowPrivate;
  }

  /** The URL as it will be called; a 400 or 422 problem when it may not be. */
  URI check(String url) {
    URI uri = parse(url);
    if (!allowPrivate && !"https".equals(uri.getScheme())) {
      throw new OkPayException(ErrorCode.WEBHOOK_URL_NOT_HTTPS, Map.of("field", FIELD));
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException | SecurityException e) {
      throw new OkPayException(ErrorCode.WEBHOOK_URL_UNRESOLVABLE, Map.of("field", FIELD));
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (isPrivate(address)) {
          throw new OkPayException(ErrorCode.WEBHOOK_URL_PRIVATE, Map.of("field", FIELD));
        }
      }
    }
    return uri;
  }

  /** Shape only (no DNS): http(s), a host, no user name or password, no fragment. */
  static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw FieldErrors.invalid(FIELD, FieldErrors.REQUIRED);
    }
    if (url.length() > URL_CHARS_MAX) {
      throw FieldErrors.invalid(FIELD, FieldErrors.TOO_LONG);
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw FieldErrors.invalid(FIELD, FieldErrors.FORMAT);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
        || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw FieldErrors.invalid(FIELD, FieldErrors.FORMAT);
    }
    return uri;
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || first == 100 && second >= 64 && second <= 127 // shared address space (CGNAT)
          || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
          || first == 198 && (second == 18 || second == 19) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      if (embedsIpv4(b)) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64). */
  private static boolean embedsIpv4(byte[] b) {
    boolean zeros = true;
    for (int i = 0; i < 10; i++) {
      zeros &= b[i] == 0;
    }
    boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros && b[10] == 0 && b[11] == 0;
    boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b;
    for (int i = 4; i < 12 && nat64; i++) {
      nat64 = b[i] == 0;
    }
    return mapped || compatible || nat64;
  }
}
