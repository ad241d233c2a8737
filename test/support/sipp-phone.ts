import { join } from 'node:path';
import { freeUdpPort, isUdpPortBound } from './free-port.js';
import {
  openRtpEndpoint, openVideoRtpEndpoint, type RtpEndpoint, type RtpStats, type VideoCodec, type VideoRtpEndpoint, type VideoRtpStats,
} from './rtp-endpoint.js';
import { sendControl } from './sip-control.js';
import { spawnSipp, type SippEvent, type SippProcess } from './sipp-process.js';
import { register, type SippTarget } from './sipp-register.js';
import { GiveUp, waitFor } from './wait-for.js';

/**
 * A SIP desk phone (agent or town hall): registers its endpoint, then takes every call Asterisk
 * offers (test/sipp/phone.xml) the way its behaviour says, and keeps a record of each.
 */
export type PhoneBehaviour =
  /**
   * Ring (180) for afterMs, answer, then talk until the far end hangs up, or for hangUpAfterMs.
   * With onlyTo, only offers whose Request-URI user part is onlyTo are answered; any other is
   * refused with 486 (a phone reached through the trunk answers its own number only).
   */
  | { kind: 'answer'; afterMs: number; hangUpAfterMs?: number; onlyTo?: string }
  /** Ring until the offer is cancelled. */
  | { kind: 'never-answer' }
  /** Reject every offer with 486 Busy Here. */
  | { kind: 'busy' };

export interface PhoneOptions {
  /** The PJSIP endpoint, e.g. 'agent-1' or 'quickborn-1' (dialplan/pjsip_wizard.conf). */
  endpoint: string;
  /** Default: the sample password `<endpoint>-secret`. */
  password?: string;
  behaviour: PhoneBehaviour;
  /**
   * A video phone (test/sipp/phone-video.xml, e.g. 'agent-dgs-1'): answers a video offer in H264
   * or VP8 with its camera, a second RTP endpoint (`Phone.video`); audio-only offers as usual.
   */
  video?: boolean;
  /**
   * false: a phone that does not register, reached through the trunk at its address instead,
   * e.g. the citizen's own phone on a callback (callbackDial `PJSIP/trunk/sip:{number}@127.0.0.1:<sipPort>`).
   * `endpoint` is then only its name (use the number). Default true.
   */
  register?: boolean;
  /** The port to take calls on; default a free one. For a phone whose address must be known before it starts. */
  sipPort?: number;
}

export type PhoneCallOutcome = 'remote-hangup' | 'local-hangup' | 'cancelled' | 'busy' | 'failed';

export interface PhoneCall {
  callId: string;
  offeredAt: number;
  /** The user part of the INVITE's Request-URI: what Asterisk dialled (the number, for a phone reached through the trunk). Audio phones (phone.xml) only. */
  requestUser?: string;
  answeredAt?: number;
  endedAt?: number;
  outcome?: PhoneCallOutcome;
  /** What this phone sent and heard during the call (live while it lasts). */
  rtp?: RtpStats;
  /** Video phones: the video stream it answered with (absent: the call had no video). */
  video?: { host: string; port: number; payloadType: number; codec: VideoCodec };
  /** Video phones: what it sent and saw during the call (live while it lasts). */
  videoRtp?: VideoRtpStats;
}

export interface Phone {
  readonly endpoint: string;
  /** The port the phone takes calls on (its registered Contact). */
  readonly sipPort: number;
  readonly rtp: RtpEndpoint;
  /** Video phones only: the phone's camera and screen. */
  readonly video?: VideoRtpEndpoint;
  calls(): PhoneCall[];
  counts(): { offered: number; answered: number; cancelled: number; busy: number; active: number; maxActive: number };
  setBehaviour(behaviour: PhoneBehaviour): void;
  /** Hang up the call in progress (the latest answered one unless callId is given). */
  hangUp(callId?: string): Promise<void>;
  waitForCall(predicate: (call: PhoneCall) => boolean, opts: { timeoutMs: number; what: string }): Promise<PhoneCall>;
  /**
   * Removes the phone's registration (Expires: 0) but keeps it listening: Asterisk no longer knows
   * where it is, and whatever still reaches it is recorded as usual.
   */
  unregister(): Promise<void>;
  /** Unregisters (Expires: 0) and ends the SIPp process. */
  stop(): Promise<void>;
}

export type { SippTarget } from './sipp-register.js';

export async function startPhone(target: SippTarget, opts: PhoneOptions): Promise<Phone> {
  const password = opts.password ?? `${opts.endpoint}-secret`;
  const rtp = await openRtpEndpoint();
  const video = opts.video ? await openVideoRtpEndpoint() : undefined;
  const registers = opts.register ?? true;
  const [sipPort, controlPort] = await Promise.all([opts.sipPort ?? freeUdpPort(), freeUdpPort()]);
  let behaviour = opts.behaviour;
  const calls = new Map<string, PhoneCall>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping: Promise<void> | undefined;
  let maxActive = 0;
  let talking: PhoneCall | undefined;

  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  // A failed send means the call is already gone, which its END event records.
  const control = (callId: string, command: 'answer' | 'busy' | 'hangup'): void => {
    sendControl(sipPort, callId, command).catch(() => undefined);
  };
  // A call is over for whoever holds the phone once a BYE went either way: SIPp may still log the
  // next call's OFFER before this call's END (the 200 OK to the BYE goes out in its next turn).
  const active = (): number => [...calls.values()].filter((call) => !call.endedAt && call.outcome !== 'remote-hangup' && call.outcome !== 'local-hangup').length;

  const onEvent = (event: SippEvent): void => {
    const call = calls.get(event.callId);
    switch (event.kind) {
      case 'OFFER': {
        const requestUser = event.detail.split('|')[1];
        const offered: PhoneCall = { callId: event.callId, offeredAt: event.at, ...(requestUser ? { requestUser } : {}) };
        calls.set(event.callId, offered);
        maxActive = Math.max(maxActive, active());
        const now = behaviour;
        if (now.kind === 'busy' || (now.kind === 'answer' && now.onlyTo !== undefined && requestUser !== now.onlyTo)) control(event.callId, 'busy');
        else if (now.kind === 'answer') later(now.afterMs, () => !offered.endedAt && control(event.callId, 'answer'));
        break;
      }
      case 'ANSWERED': {
        if (!call) break;
        call.answeredAt = event.at;
        talking = call;
        const [host, port] = event.detail.split(':');
        rtp.resetStats();
        if (host && port) rtp.sendTo(host, Number(port));
        if (video && call.video) {
          video.resetStats();
          video.sendTo(call.video.host, call.video.port, call.video.payloadType, call.video.codec);
        }
        const now = behaviour;
        if (now.kind === 'answer' && now.hangUpAfterMs !== undefined) {
          later(now.hangUpAfterMs, () => !call.endedAt && control(call.callId, 'hangup'));
        }
        break;
      }
      case 'VIDEO': {
        const answered = parseVideoOffer(event.detail);
        if (call && answered) call.video = answered;
        break;
      }
      case 'GOT-BYE':
        if (call) call.outcome = 'remote-hangup';
        break;
      case 'SENT-BYE':
        if (call) call.outcome = 'local-hangup';
        break;
      case 'CANCELLED':
        if (call) call.outcome = 'cancelled';
        break;
      case 'BUSY':
        if (call) call.outcome = 'busy';
        break;
      case 'END':
        if (call) finish(call, event.at);
        break;
      default:
        break;
    }
  };

  const finish = (call: PhoneCall, at: number): void => {
    call.endedAt = at;
    call.outcome ??= 'failed';
    if (call === talking) {
      call.rtp = rtp.stats();
      rtp.pause();
      if (video && call.video) {
        call.videoRtp = video.stats();
        video.pause();
      }
      talking = undefined;
    }
  };

  // Per process, not per endpoint: a later phone on the same endpoint must not read old events.
  const files = (what: string): string => join(target.logDir, `sipp-${opts.endpoint}-${sipPort}-${what}`);
  const sipp: SippProcess = spawnSipp({
    name: `phone ${opts.endpoint}`,
    scenario: video ? 'phone-video.xml' : 'phone.xml',
    eventLog: files('events.log'),
    messageLog: files('messages.log'),
    onEvent,
    args: [
      '-s', opts.endpoint, '-key', 'rtp_port', String(rtp.port), ...(video ? ['-key', 'video_port', String(video.port)] : []),
      '-i', '127.0.0.1', '-p', String(sipPort), '-cp', String(controlPort),
    ],
  });
  // Calls SIPp never finished (aborted on an unexpected message, or the process ended) are over too.
  void sipp.exited.then(() => {
    for (const call of calls.values()) if (!call.endedAt) finish(call, Date.now());
  });
  if (registers) {
    await register(target, opts.endpoint, password, sipPort, 3600);
    // SIPp binds its port at once; after the REGISTER round trip a failure to do so has shown.
    if (!sipp.isRunning()) {
      await register(target, opts.endpoint, password, sipPort, 0).catch(() => undefined);
      throw new Error(`phone ${opts.endpoint}: sipp exited: ${sipp.stderrTail()}`);
    }
  } else {
    // No REGISTER round trip shows that SIPp is up: wait until its port is bound.
    await waitFor(() => {
      if (!sipp.isRunning()) throw new GiveUp(`phone ${opts.endpoint}: sipp exited: ${sipp.stderrTail()}`);
      return isUdpPortBound(sipPort);
    }, { timeoutMs: 5_000, what: `phone ${opts.endpoint} listening on ${sipPort}` });
  }

  const snapshot = (call: PhoneCall): PhoneCall => ({
    ...call,
    rtp: call === talking ? rtp.stats() : call.rtp,
    ...(video && call.video ? { videoRtp: call === talking ? video.stats() : call.videoRtp } : {}),
  });
  return {
    endpoint: opts.endpoint,
    sipPort,
    rtp,
    ...(video ? { video } : {}),
    calls: () => [...calls.values()].map(snapshot),
    counts() {
      const all = [...calls.values()];
      return {
        offered: all.length,
        answered: all.filter((call) => call.answeredAt).length,
        cancelled: all.filter((call) => call.outcome === 'cancelled').length,
        busy: all.filter((call) => call.outcome === 'busy').length,
        active: active(),
        maxActive,
      };
    },
    setBehaviour(next) {
      behaviour = next;
    },
    async hangUp(callId) {
      const call = callId ? calls.get(callId) : talking;
      if (!call?.answeredAt || call.endedAt) throw new Error(`${opts.endpoint}: no call in progress to hang up`);
      control(call.callId, 'hangup');
      await waitFor(() => call.endedAt, { timeoutMs: 5_000, what: `${opts.endpoint} hung up ${call.callId}` });
    },
    async waitForCall(predicate, { timeoutMs, what }) {
      const found = await waitFor(() => {
        if (!sipp.isRunning()) throw new GiveUp(`${opts.endpoint}: sipp exited: ${sipp.stderrTail()}`);
        return [...calls.values()].find((call) => predicate(snapshot(call)));
      }, { timeoutMs, what: `${opts.endpoint}: ${what}` });
      return snapshot(found);
    },
    unregister: () => (registers ? register(target, opts.endpoint, password, sipPort, 0) : Promise.resolve()),
    stop() {
      // A second stop (a test's own, then the fleet's) waits for the first instead of closing twice.
      stopping ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        // Unregistering is a courtesy to a stack that lives on; a stack already gone cannot answer.
        if (registers) await register(target, opts.endpoint, password, sipPort, 0).catch(() => undefined);
        await sipp.stop();
        await rtp.close();
        await video?.close();
      })();
      return stopping;
    },
  };
}

/** phone-video.xml's VIDEO event, "ip:port|payload type|codec": the video the phone answers, if any. */
function parseVideoOffer(detail: string): PhoneCall['video'] {
  const [address = '', payloadType = '', codec = ''] = detail.split('|');
  const [host = '', port = ''] = address.split(':');
  if (!host || !(Number(port) > 0) || !/^\d+$/.test(payloadType) || (codec !== 'H264' && codec !== 'VP8')) return undefined;
  return { host, port: Number(port), payloadType: Number(payloadType), codec };
}
