import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freeUdpPort } from './free-port.js';
import { openRtpEndpoint, type RtpEndpoint } from './rtp-endpoint.js';
import { sendControl } from './sip-control.js';
import { spawnSipp, type SippEvent, type SippProcess } from './sipp-process.js';
import { GiveUp, waitFor } from './wait-for.js';

/** A citizen's call through the trunk (test/sipp/caller.xml), steered and observed by the test. */
export interface CallerOptions {
  /** The dialled number, e.g. '041066110' (Quickborn) or '115'. */
  to: string;
  /** The citizen's own number, sent as From user. */
  from: string;
  /** Hang up this long after the answer; by default wait for the far end or hangUp(). */
  hangUpAfterAnswerMs?: number;
}

export type CallerOutcome = 'remote-hangup' | 'local-hangup' | 'cancelled' | 'rejected' | 'failed';

export interface CallerReport {
  callId: string;
  startedAt: number;
  ringingAt?: number;
  answeredAt?: number;
  gotByeAt?: number;
  sentByeAt?: number;
  sentCancelAt?: number;
  /** Final SIP status of a rejected call (404, 486, ...). */
  rejectedStatus?: number;
  endedAt?: number;
  outcome?: CallerOutcome;
}

export interface Caller {
  readonly callId: string;
  /** The caller's audio: what it sent and what it heard. */
  readonly rtp: RtpEndpoint;
  report(): CallerReport;
  /** Resolves with answeredAt; rejects if the call ends unanswered or the time runs out. */
  waitForAnswer(timeoutMs: number): Promise<number>;
  waitForEnd(timeoutMs: number): Promise<CallerReport>;
  /** CANCEL before the answer, BYE after it; resolves once the call is over. */
  hangUp(timeoutMs?: number): Promise<CallerReport>;
  /** Ends the SIPp process (hang up first if the far end must see a clean end). */
  stop(): Promise<void>;
}

export async function startCaller(target: { sipPort: number; logDir: string }, opts: CallerOptions): Promise<Caller> {
  const rtp = await openRtpEndpoint();
  const [localPort, controlPort] = await Promise.all([freeUdpPort(), freeUdpPort()]);
  const callIdPrefix = `caller-${randomBytes(4).toString('hex')}`;
  const callId = `${callIdPrefix}-1`;
  const report: CallerReport = { callId, startedAt: Date.now() };
  let seen = false;
  let hangUpWanted = false;
  let hangUpTimer: NodeJS.Timeout | undefined;

  const requestHangUp = (): void => {
    hangUpWanted = true;
    // Ignore a failed send: the call ended on its own meanwhile, which waitForEnd reports.
    if (!report.endedAt) sendControl(localPort, callId, 'hangup').catch(() => undefined);
  };

  const onEvent = (event: SippEvent): void => {
    seen = true;
    switch (event.kind) {
      case 'RINGING':
        report.ringingAt ??= event.at;
        break;
      case 'ANSWERED':
        answered(event.at, event.detail);
        break;
      case 'CANCEL-200': {
        // Our CANCEL crossed the 200 OK: the call was answered after all, and is hung up now.
        const [method, media] = event.detail.split('|');
        if (method === 'INVITE' && media) answered(event.at, media);
        break;
      }
      case 'GOT-BYE':
        report.gotByeAt = event.at;
        report.outcome = 'remote-hangup';
        break;
      case 'SENT-BYE':
        report.sentByeAt = event.at;
        report.outcome = 'local-hangup';
        break;
      case 'SENT-CANCEL':
        report.sentCancelAt = event.at;
        break;
      case 'CANCELLED':
        report.outcome = 'cancelled';
        break;
      case 'REJECTED':
        report.rejectedStatus = Number(event.detail);
        report.outcome = 'rejected';
        break;
      case 'END':
        finish(event.at);
        break;
      default:
        break;
    }
  };

  const answered = (at: number, media: string): void => {
    report.answeredAt = at;
    const [host, port] = media.split(':');
    if (host && port) rtp.sendTo(host, Number(port));
    if (hangUpWanted) requestHangUp();
    else if (opts.hangUpAfterAnswerMs !== undefined) hangUpTimer = setTimeout(requestHangUp, opts.hangUpAfterAnswerMs);
  };

  const finish = (at: number): void => {
    if (report.endedAt) return;
    report.endedAt = at;
    report.outcome ??= 'failed';
    clearTimeout(hangUpTimer);
    rtp.pause();
  };

  const sipp: SippProcess = spawnSipp({
    name: `caller ${opts.from} -> ${opts.to}`,
    scenario: 'caller.xml',
    eventLog: join(target.logDir, `sipp-${callIdPrefix}-events.log`),
    messageLog: join(target.logDir, `sipp-${callIdPrefix}-messages.log`),
    onEvent,
    args: [
      `127.0.0.1:${target.sipPort}`,
      '-s', opts.to,
      '-key', 'from', opts.from,
      '-key', 'rtp_port', String(rtp.port),
      '-cid_str', `${callIdPrefix}-%u`,
      '-i', '127.0.0.1', '-p', String(localPort), '-cp', String(controlPort),
      '-m', '1',
    ],
  });
  // Exit without an END event: SIPp aborted the call (unexpected message, port in use, ...).
  void sipp.exited.then(() => finish(Date.now()));

  const what = (event: string): string => `caller ${opts.from} -> ${opts.to} (${callId}) ${event}`;
  return {
    callId,
    rtp,
    report: () => ({ ...report }),
    async waitForAnswer(timeoutMs) {
      return waitFor(() => {
        if (report.answeredAt) return report.answeredAt;
        if (report.endedAt) throw new GiveUp(`${what('answered')}: call ended unanswered, ${describe(report, sipp)}`);
        return undefined;
      }, { timeoutMs, what: what('answered') });
    },
    async waitForEnd(timeoutMs) {
      await waitFor(() => report.endedAt, { timeoutMs, what: what('ended') });
      return { ...report };
    },
    async hangUp(timeoutMs = 5_000) {
      // The INFO must find the call inside SIPp: wait until SIPp has shown signs of the call.
      await waitFor(() => seen || report.endedAt, { timeoutMs, what: what('under way') });
      requestHangUp();
      await waitFor(() => report.endedAt, { timeoutMs, what: what('ended after hang-up') });
      return { ...report };
    },
    async stop() {
      clearTimeout(hangUpTimer);
      await sipp.stop();
      await rtp.close();
    },
  };
}

function describe(report: CallerReport, sipp: SippProcess): string {
  const stderr = sipp.stderrTail();
  return `outcome ${report.outcome ?? 'none'}${report.rejectedStatus ? ` (${report.rejectedStatus})` : ''}${stderr ? `; sipp: ${stderr}` : ''}`;
}
