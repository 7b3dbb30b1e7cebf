package org.okpay.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.okpay.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests refused before MVC sees them still answer problem+json (or the error page): those the
 * security firewall rejects (a non-ASCII header value, an encoded slash, a NUL in the path) and
 * those Tomcat itself rejects ({@code /api/v1/%ff%fe}, a path over the header limit), which would
 * otherwise get Tomcat's own HTML report.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

  private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);

  /** Spring Security uses this bean for whatever its firewall rejects. */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ErrorResponder responder) {
    return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) -> {
      log.debug("request rejected by the firewall: {} {}", request.getMethod(), e.getMessage());
      responder.write(request, response, ErrorCode.MALFORMED_REQUEST, Map.of());
    };
  }

  /** Runs after Boot's own customizer, which adds a plain ErrorReportValve to the host. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(
      ErrorResponder responder) {
    return new WebServerFactoryCustomizerOrdered(responder);
  }

  private record WebServerFactoryCustomizerOrdered(ErrorResponder responder)
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> replaceReportValve(context.getParent(), responder));
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  private static void replaceReportValve(Container host, ErrorResponder responder) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    if (host instanceof StandardHost standard) {
      // The host adds a valve of this class at start unless one is there already.
      standard.setErrorReportValveClass(ProblemReportValve.class.getName());
    }
    host.getPipeline().addValve(new ProblemReportValve(responder));
  }

  /** Tomcat's error report, as problem+json instead of its HTML page. */
  static final class ProblemReportValve extends ErrorReportValve {

    private final ErrorResponder responder;

    ProblemReportValve(ErrorResponder responder) {
      this.responder = responder;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      ErrorCode code = ErrorResponder.byStatus(status);
      Map<String, Object> properties = code == ErrorCode.INTERNAL_ERROR
          ? Map.of("reference", ErrorResponder.newReference()) : Map.of();
      try {
        response.resetBuffer();
        responder.write(request, response, code, properties);
        response.finishResponse();
      } catch (IOException | RuntimeException e) {
        // The container's own report must never fail louder than the request it reports on.
        log.debug("could not write the container's error report", e);
      }
    }
  }
}
