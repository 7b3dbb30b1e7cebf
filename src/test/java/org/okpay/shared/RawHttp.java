package org.okpay.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket, one request per connection. The JDK's clients refuse to
 * send what a fuzzer must send (a broken percent-encoding in the target, raw non-ASCII header
 * bytes, a wildcard Content-Type), so the request goes out byte for byte as given.
 */
final class RawHttp {

  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int READ_TIMEOUT_MS = 60_000;
  private static final int RESPONSE_BYTES_MAX = 4 * 1024 * 1024;

  /** An answer: status 0 when the server closed the connection without one. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String host;
  private final int port;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** {@code headerLines} are complete lines without CRLF, already in their wire bytes. */
  Response send(String method, byte[] target, Iterable<byte[]> headerLines, byte[] body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(target);
      request.writeBytes((" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      for (byte[] line : headerLines) {
        request.writeBytes(line);
        request.writeBytes(new byte[] {'\r', '\n'});
      }
      if (body != null) {
        request.writeBytes(("Content-Length: " + body.length + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
      request.writeBytes(new byte[] {'\r', '\n'});
      if (body != null) {
        request.writeBytes(body);
      }
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before it read everything (413): read what it said.
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0 && all.size() < RESPONSE_BYTES_MAX; ) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // A reset after the answer was sent still leaves the answer.
    }
    return all.toByteArray();
  }

  static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Response(0, Map.of(), "");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Response(status, headers,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.append(body, start, Math.min(start + size, body.length()));
      at = start + size + 2;
    }
    return out.toString();
  }
}
