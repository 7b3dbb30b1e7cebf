package org.okpay.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.okpay.identity.CurrentUser;
import org.okpay.shared.ReaderZone;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a session secret into the request's {@link CurrentUser}: the {@code okpay_session}
 * cookie for pages (CSRF-protected), a bearer token for {@code /api} (never the cookie there, as
 * the API has no CSRF token). An unknown or ended secret leaves the request anonymous; what
 * needs a user then answers 401 or sends the browser to the sign-in page.
 */
class SessionAuthenticationFilter extends OncePerRequestFilter {

  static final String COOKIE = org.okpay.identity.IdentityApi.SESSION_COOKIE;
  private static final String BEARER = "Bearer ";

  private final IdentityService identity;

  SessionAuthenticationFilter(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    secret(request).flatMap(identity::authenticate).ifPresent(user -> {
      var auth = new UsernamePasswordAuthenticationToken(user, null,
          List.of(new SimpleGrantedAuthority(user.role().authority())));
      SecurityContextHolder.getContext().setAuthentication(auth);
      // Pages and messages of this request write times in the user's zone (ReaderZone).
      request.setAttribute(ReaderZone.REQUEST_ATTRIBUTE, user.zone());
    });
    chain.doFilter(request, response);
  }

  private static Optional<String> secret(HttpServletRequest request) {
    if (request.getRequestURI().startsWith("/api/")) {
      String header = request.getHeader(HttpHeaders.AUTHORIZATION);
      return header != null && header.startsWith(BEARER)
          ? Optional.of(header.substring(BEARER.length()).strip()) : Optional.empty();
    }
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }
}
