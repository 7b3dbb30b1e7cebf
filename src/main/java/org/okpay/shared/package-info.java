/**
 * The few types every module may use: {@link org.okpay.shared.Money}, the stable
 * {@link org.okpay.shared.ErrorCode}s and the exception that carries them, the
 * problem+json rendering of errors, the per-IP rate limiter for what anyone may ask, and staff
 * authorization: each module declares {@link org.okpay.shared.StaffRules} for its own staff
 * paths, and {@link org.okpay.shared.StaffAuthorization} answers from all of them.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.okpay.shared;
