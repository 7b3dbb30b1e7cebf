package org.okpay.shared.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.util.NetMask;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The proxies whose forwarding headers OKPay believes ({@code okpay.http.trusted-proxies}, env
 * {@code OKPAY_TRUSTED_PROXIES}): a list of IP addresses or CIDR ranges, default loopback only.
 * A request whose direct peer is not in the list keeps its own address, scheme and host whatever
 * {@code X-Forwarded-*} says. Empty means no proxy at all.
 *
 * @param trustedProxies addresses ({@code 10.0.0.7}, {@code ::1}) or ranges ({@code 10.0.0.0/8})
 */
@ConfigurationProperties("okpay.http")
record TrustedProxies(@DefaultValue({"127.0.0.0/8", "::1"}) List<String> trustedProxies) {

  /** Most entries; a longer list is a configuration mistake, not a deployment. */
  static final int ENTRIES_MAX = 256;

  /**
   * Literal addresses only (four dotted numbers, or anything with a colon, which the JDK parses
   * as IPv6): Tomcat's NetMask would look a host name up in DNS, at start-up and with an answer
   * that can change.
   */
  private static final Pattern LITERAL = Pattern.compile(
      "([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f.]{0,40}:[0-9A-Fa-f:.]{1,40})(/[0-9]{1,3})?");

  TrustedProxies {
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    if (trustedProxies.size() > ENTRIES_MAX) {
      throw new IllegalArgumentException("okpay.http.trusted-proxies: at most " + ENTRIES_MAX
          + " entries, not " + trustedProxies.size());
    }
  }

  /**
   * The list as Tomcat's RemoteIpValve reads it: comma-separated CIDR ranges (a single address
   * becomes a /32 or /128, since without any "/" the valve would read the list as a regular
   * expression). Empty when no proxy is trusted. Throws on an entry that is not an address or
   * range, so a typo stops start-up instead of trusting nobody, or everybody, in silence.
   */
  String asCidrList() {
    List<String> ranges = new ArrayList<>();
    for (String raw : trustedProxies) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (!LITERAL.matcher(entry).matches()) {
        throw invalid(raw, null);
      }
      String range = entry.contains("/") ? entry : entry + (entry.contains(":") ? "/128" : "/32");
      try {
        new NetMask(range);
      } catch (IllegalArgumentException e) {
        throw invalid(raw, e);
      }
      ranges.add(range);
    }
    return String.join(", ", ranges);
  }

  private static IllegalArgumentException invalid(String entry, Exception cause) {
    return new IllegalArgumentException("okpay.http.trusted-proxies: \"" + entry
        + "\" is not an IP address or CIDR range (e.g. 10.0.0.7, 10.0.0.0/8, ::1)", cause);
  }
}
