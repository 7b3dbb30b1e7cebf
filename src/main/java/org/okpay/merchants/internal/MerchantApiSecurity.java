package org.okpay.merchants.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.okpay.merchants.KybCheck;
import org.okpay.merchants.Merchant.Verification;
import org.okpay.merchants.MerchantCaller;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.internal.ErrorResponder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The merchant API ({@code /api/v1/merchant/**}) has a security filter chain of its own, ahead of
 * identity's: it accepts only {@code Authorization: Bearer okp_sk_test_…|okp_rk_test_…} (never a
 * user's token or cookie) and answers anything else with 401 {@code invalid_api_key}. Controllers
 * take a {@link MerchantCaller} argument and call {@link MerchantCaller#require} for each action.
 */
@Configuration(proxyBeanMethods = false)
class MerchantApiSecurity implements WebMvcConfigurer {

  static final String PATHS = "/api/v1/merchant/**";
  private static final String BEARER = "Bearer ";
  /** JSON only: nothing here is a page, so nothing may load or frame it. */
  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain merchantApiFilterChain(HttpSecurity http, ApiKeyAuthenticator keys,
      ErrorResponder errors) throws Exception {
    http.securityMatcher(PATHS)
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .securityContext(s -> s.securityContextRepository(
            new RequestAttributeSecurityContextRepository()))
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .anonymous(anonymous -> anonymous.disable())
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(API_POLICY))
            .frameOptions(frame -> frame.deny())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
        .addFilterBefore(new ApiKeyFilter(keys), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((request, response, ex) -> {
              response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
              errors.write(request, response, ErrorCode.INVALID_API_KEY, Map.of());
            })
            .accessDeniedHandler((request, response, ex) ->
                errors.write(request, response, ErrorCode.INVALID_API_KEY, Map.of())));
    return http.build();
  }

  /** The sandbox's KYB: every merchant is verified at once. A real operator declares its own. */
  @Bean
  @ConditionalOnMissingBean(KybCheck.class)
  KybCheck sandboxKyb() {
    return merchant -> Verification.VERIFIED;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerResolver());
  }

  /** The request's authenticated key. */
  static final class KeyAuthentication extends AbstractAuthenticationToken {

    private final MerchantCaller caller;

    KeyAuthentication(MerchantCaller caller) {
      super(List.of(new SimpleGrantedAuthority("ROLE_MERCHANT_API")));
      this.caller = caller;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return null;
    }

    @Override
    public MerchantCaller getPrincipal() {
      return caller;
    }
  }

  /** Authenticates a well-formed, usable key; leaves anything else unauthenticated (401). */
  static final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeyAuthenticator keys;

    ApiKeyFilter(ApiKeyAuthenticator keys) {
      this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
        FilterChain chain) throws ServletException, IOException {
      String header = request.getHeader(HttpHeaders.AUTHORIZATION);
      if (header != null && header.startsWith(BEARER)
          && header.length() <= BEARER.length() + ApiKeySecrets.LENGTH_MAX + 2) {
        keys.authenticate(header.substring(BEARER.length()).strip()).ifPresent(caller ->
            SecurityContextHolder.getContext().setAuthentication(new KeyAuthentication(caller)));
      }
      chain.doFilter(request, response);
    }
  }

  /** Gives a controller method its {@link MerchantCaller}; a request without one never gets here. */
  static final class CallerResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == MerchantCaller.class;
    }

    @Override
    public MerchantCaller resolveArgument(MethodParameter parameter,
        ModelAndViewContainer container, NativeWebRequest request, WebDataBinderFactory binders) {
      Authentication auth = SecurityContextHolder.getContext().getAuthentication();
      if (auth != null && auth.getPrincipal() instanceof MerchantCaller caller) {
        return caller;
      }
      throw new org.okpay.shared.OkPayException(ErrorCode.INVALID_API_KEY);
    }
  }
}
