package org.okpay.shared.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.0 over a socket bound to a chosen local address (127.0.0.1, 127.0.0.2, ...), so a test
 * can be a trusted proxy or a stranger to the same server. The JDK's HttpClient cannot choose its
 * local address on Java 21. HTTP/1.0 keeps the answer simple: no chunks, the body ends with the
 * connection.
 */
final class PeerHttp {

  private static final int TIMEOUT_MS = 10_000;
  private static final int RESPONSE_BYTES_MAX = 4 << 20;

  private final int port;

  PeerHttp(int port) {
    this.port = port;
  }

  record Response(int status, Map<String, List<String>> headers, String body) {

    Optional<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of()).stream().findFirst();
    }

    List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(), List.of());
    }

    /** The Set-Cookie line that sets {@code name}. */
    String cookie(String name) {
      return all("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
          .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + headers));
    }
  }

  /** Sends from {@code localAddress}; {@code headers} are name, value, name, value, ... */
  Response send(String localAddress, String method, String path, String body, String... headers)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(TIMEOUT_MS);
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request(method, path, body, headers).getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private String request(String method, String path, String body, String... headers) {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\n")
        .append("Host: localhost:").append(port).append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    return request.append("\r\n").append(body == null ? "" : body).toString();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      all.write(buffer, 0, n);
      if (all.size() > RESPONSE_BYTES_MAX) {
        throw new IOException("response over " + RESPONSE_BYTES_MAX + " bytes");
      }
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete HTTP head in: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(),
          k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
    }
    return new Response(status, headers, text.substring(end + 4));
  }
}
