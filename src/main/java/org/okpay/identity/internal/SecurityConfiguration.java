package org.okpay.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.internal.ErrorResponder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web security. No server-side HTTP session holds the user: each request carries its session
 * secret (cookie for pages, bearer token for the API) and {@link SessionAuthenticationFilter}
 * looks it up, so any instance behind a load balancer can serve any request. Pages are
 * CSRF-protected with a double-submit cookie; the API, which accepts no cookies, is not.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class SecurityConfiguration {

  /** Paths that need a signed-in user; everything else is public or guarded on its own. */
  static final String[] SIGNED_IN = {"/account/**", "/api/v1/me/**", "/api/v1/auth/tokens/current"};

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, IdentityService identity,
      ErrorResponder errors, JsonMapper json) throws Exception {
    CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
    csrfTokens.setCookieCustomizer(c -> c.sameSite("Lax"));
    http
        // Every signed-in request authenticates afresh (no server session), which Spring would
        // otherwise treat as a new sign-in and answer with a new CSRF cookie each time.
        .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).ignoringRequestMatchers("/api/**")
            .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .securityContext(s -> s.securityContextRepository(
            new RequestAttributeSecurityContextRepository()))
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .addFilterBefore(new SessionAuthenticationFilter(identity),
            AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            .requestMatchers(SIGNED_IN).authenticated()
            .anyRequest().permitAll())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) ->
                signInFirst(request, response, errors, json))
            .accessDeniedHandler((request, response, ex) -> write(request, response, errors, json,
                ex instanceof CsrfException ? ErrorCode.CSRF_REJECTED : ErrorCode.FORBIDDEN)));
    return http.build();
  }

  /** There is no password user store for Spring to manage: sign-in is IdentityService's. */
  @Bean
  UserDetailsService noUserDetails() {
    return username -> {
      throw new UsernameNotFoundException("sign-in goes through IdentityService");
    };
  }

  /** Pages send the browser to sign in and back; the API answers 401 problem+json. */
  private static void signInFirst(HttpServletRequest request, HttpServletResponse response,
      ErrorResponder errors, JsonMapper json) throws IOException {
    if (request.getRequestURI().startsWith("/api/")) {
      write(request, response, errors, json, ErrorCode.UNAUTHORIZED);
      return;
    }
    String next = request.getRequestURI()
        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    response.sendRedirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
  }

  private static void write(HttpServletRequest request, HttpServletResponse response,
      ErrorResponder errors, JsonMapper json, ErrorCode code) throws IOException {
    ResponseEntity<Object> entity = errors.respond(request, code, new Object[0], Map.of(),
        new HttpHeaders());
    response.setStatus(entity.getStatusCode().value());
    entity.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    Object body = entity.getBody();
    if (body instanceof String html) {
      response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    } else {
      response.getOutputStream().write(json.writeValueAsBytes(body));
    }
  }
}
