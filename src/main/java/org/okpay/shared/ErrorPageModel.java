package org.okpay.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * What the error page's frame shows besides the problem, from the module that draws the pages:
 * the signed-in user's header (so an error never looks like being signed out) and the language
 * links. The error page is rendered outside MVC's model, so it asks for them here; without an
 * implementation it shows the signed-out frame.
 */
public interface ErrorPageModel {

  /** Variables for the error page; never throws for a request it cannot read (empty instead). */
  Map<String, Object> variables(HttpServletRequest request);
}
