import { startCaller, type Caller, type CallerOptions } from './sipp-caller.js';
import { startPhone, type Phone, type PhoneBehaviour, type PhoneOptions, type SippTarget } from './sipp-phone.js';

export type { Caller, CallerOptions, CallerOutcome, CallerReport, VideoCallOptions } from './sipp-caller.js';
export { VIDEO_TRUNK_IP } from './sipp-caller.js';
export type { Phone, PhoneBehaviour, PhoneCall, PhoneCallOutcome, PhoneOptions } from './sipp-phone.js';
export type { RtpEndpoint, RtpStats, VideoCodec, VideoRtpEndpoint, VideoRtpStats } from './rtp-endpoint.js';

/**
 * SIPp callers and phones against one stack, all on 127.0.0.1. Everything started through a
 * fleet is ended by its stop(): phones unregister first, so Asterisk is left without contacts.
 */
export interface SippFleet {
  /** Places a call now; the caller reports what the citizen experiences. `video` makes it a video call. */
  call(opts: CallerOptions): Promise<Caller>;
  /** Starts a phone and resolves once it is registered; `video` makes it a video phone. */
  phone(opts: PhoneOptions): Promise<Phone>;
  /** Several phones with the same behaviour, registered in parallel. */
  phones(endpoints: readonly string[], behaviour: PhoneBehaviour): Promise<Phone[]>;
  stop(): Promise<void>;
}

/** `stack` is anything with Asterisk's SIP port and a directory for SIPp's logs (a Stack is). */
export function createSippFleet(stack: { sipPort: number; logs: { dir: string } }): SippFleet {
  const target: SippTarget = { sipPort: stack.sipPort, logDir: stack.logs.dir };
  const callers: Caller[] = [];
  const phones: Phone[] = [];
  const fleet: SippFleet = {
    async call(opts) {
      const caller = await startCaller(target, opts);
      callers.push(caller);
      return caller;
    },
    async phone(opts) {
      const phone = await startPhone(target, opts);
      phones.push(phone);
      return phone;
    },
    phones: (endpoints, behaviour) => Promise.all(endpoints.map((endpoint) => fleet.phone({ endpoint, behaviour }))),
    async stop() {
      const all = [...callers.splice(0), ...phones.splice(0)];
      await Promise.all(all.map((one) => one.stop()));
    },
  };
  return fleet;
}
