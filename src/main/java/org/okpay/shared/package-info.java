/**
 * The few types every module may use: {@link org.okpay.shared.Money}, the stable
 * {@link org.okpay.shared.ErrorCode}s and the exception that carries them, the
 * problem+json rendering of errors, and the per-IP rate limiter for what anyone may ask.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.okpay.shared;
