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
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
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
  static final String[] SIGNED_IN = {"/account/**", "/api/v1/me/**", "/api/v1/auth/tokens/current",
      "/merchant", "/merchant/**"};

  /**
   * Same-origin everything; images may also be data: URIs (the two-factor QR code); nothing may
   * frame OKPay; forms post only here; no plug-ins, no base URL from an injected tag.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";
  /**
   * Swagger UI (springdoc's bundle) adds style elements as it renders, so its pages alone may
   * use inline styles; its scripts are still this site's files only.
   */
  static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
  private static final RequestMatcher SWAGGER_UI = new OrRequestMatcher(
      PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
      PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"));
  /** OKPay uses none of these browser features, so no page (or injected frame) may. */
  static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), "
      + "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
  private static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 60 * 60;

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
        .headers(SecurityConfiguration::securityHeaders)
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

  /**
   * Headers on every response Spring Security sees (pages, API, error pages, static files). The
   * policy allows scripts and styles from this site only: no inline script, handler or style
   * attribute (pages use /js/okpay.js and htmx, configured in the layout not to inject styles or
   * evaluate code). HSTS goes only on a request that is secure, which trusted proxies decide
   * (shared/internal/http). A response that sets its own policy keeps it (the development
   * mailbox's sandboxed e-mail): Spring adds a header only where none is set.
   */
  private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
    headers
        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SWAGGER_UI,
            new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
            new NegatedRequestMatcher(SWAGGER_UI),
            new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
        .frameOptions(frame -> frame.deny())
        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
        .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY))
        .crossOriginOpenerPolicy(coop -> coop.policy(
            CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN))
        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(HSTS_MAX_AGE_SECONDS)
            .includeSubDomains(true));
  }

  /**
   * No Micrometer observation per security filter, authentication and authorization. With a
   * registry present Spring Security otherwise wraps each of the chain's ~15 filters in an
   * observation of its own (a long-task timer started and stopped, key values built, meters
   * looked up), which was 4-6 % of the application's CPU samples under P2P load (issue 14,
   * docs/benchmarks.md "Issue 14: application CPU per request"); no dashboard or document uses
   * those spring_security_* meters. The request as a whole is still measured
   * (http_server_requests, Spring MVC's observation filter).
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
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
