/**
 * The few types every module may use: {@link org.okpay.shared.Money}, the stable
 * {@link org.okpay.shared.ErrorCode}s and the exception that carries them, and the
 * problem+json rendering of errors.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.okpay.shared;
