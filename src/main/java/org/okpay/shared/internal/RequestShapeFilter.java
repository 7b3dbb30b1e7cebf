package org.okpay.shared.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, requests whose query string or content headers cannot be
 * read: a broken percent-encoding ({@code ?a=%}, {@code ?%zz=1}), bytes that are not UTF-8, a
 * NUL, a wildcard or unparsable Content-Type, an unparsable Accept or Accept-Language. Left to
 * the framework, each of these surfaces as an unexpected exception deep in MVC (a 500); here
 * they are a 400 {@code malformed_request}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestShapeFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(RequestShapeFilter.class);

  private final ErrorResponder responder;

  RequestShapeFilter(ErrorResponder responder) {
    this.responder = responder;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String fault = fault(request);
    if (fault != null) {
      log.debug("malformed request {} {}: {}", request.getMethod(), request.getRequestURI(), fault);
      responder.write(request, response, ErrorCode.MALFORMED_REQUEST, Map.of());
      return;
    }
    chain.doFilter(request, response);
  }

  /** What is wrong with the request's shape, or null when it can be read. */
  static String fault(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null && !decodable(query)) {
      return "query string is not valid percent-encoded UTF-8";
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !concrete(contentType)) {
      return "Content-Type is not one concrete media type";
    }
    if (!parses(request.getHeader(HttpHeaders.ACCEPT), true)) {
      return "Accept cannot be parsed";
    }
    if (!parses(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE), false)) {
      return "Accept-Language cannot be parsed";
    }
    return null;
  }

  /** Every %XX is two hex digits, and what they spell is UTF-8 without a NUL. */
  static boolean decodable(String raw) {
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return false;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return false;
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else if (c > 0xff) {
        return false;
      } else {
        // The container hands raw bytes over as ISO-8859-1 characters: raw UTF-8 is still UTF-8.
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
      return text.indexOf('\0') < 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean concrete(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static boolean parses(String header, boolean mediaTypes) {
    if (header == null || header.isBlank()) {
      return true;
    }
    try {
      if (mediaTypes) {
        MediaType.parseMediaTypes(header);
      } else {
        Locale.LanguageRange.parse(header);
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
