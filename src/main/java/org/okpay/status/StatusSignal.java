package org.okpay.status;

/**
 * An automatic signal about one component, offered by the module that knows (the outbox backlog
 * for notifications, later the rails' error rate and latency). The status page merges the worst
 * state of the signals with incidents and maintenance, live, without storing anything.
 */
public interface StatusSignal {

  StatusComponent component();

  /** The state this signal sees now; {@link ComponentState#OPERATIONAL} when all is well. */
  ComponentState state();
}
