import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { freeUdpPort } from './free-port.js';
import { openRtpEndpoint, openVideoRtpEndpoint, type RtpEndpoint, type VideoCodec, type VideoRtpEndpoint } from './rtp-endpoint.js';
import { sendControl, type ControlCommand } from './sip-control.js';
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
  /**
   * A video call (test/sipp/caller-video.xml): the offer adds a video m-line, and the caller's
   * camera is a second RTP endpoint (`Caller.video`). `true` means H264 on payload type 96.
   */
  video?: boolean | VideoCallOptions;
  /**
   * The address the call comes from (Asterisk identifies the trunk by it). Default 127.0.0.1,
   * the carrier trunk; for a video call VIDEO_TRUNK_IP, the video provider's interconnect
   * (dialplan/pjsip_wizard.conf [trunk-video]), because the carrier trunk is audio only.
   */
  localIp?: string;
  /**
   * A caller who can press keys (test/sipp/caller-dtmf.xml): the offer adds RFC 4733 telephone
   * events, and `Caller.pressKey` sends them on the caller's audio stream. Audio calls only.
   */
  dtmf?: boolean;
}

export interface VideoCallOptions {
  codec?: VideoCodec;
  /** Dynamic payload type offered; default 96 (H264) or 97 (VP8). */
  payloadType?: number;
  /** Frame interval of the caller's camera; default 50 ms. */
  intervalMs?: number;
}

/** Where video callers come from: pjsip_wizard.conf [trunk-video] (remote_hosts). */
export const VIDEO_TRUNK_IP = '127.0.0.2';

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
  /**
   * Video calls: the video stream of Asterisk's answer. port 0 (or no payloadType) means Asterisk
   * declined video; the call then carries audio only.
   */
  video?: { host: string; port: number; payloadType?: number; codec?: string };
  /**
   * Callers with `dtmf`: the telephone-event payload type of Asterisk's answer (undefined:
   * Asterisk declined telephone events).
   */
  dtmfPayloadType?: number;
}

export interface Caller {
  readonly callId: string;
  /** The caller's audio: what it sent and what it heard. */
  readonly rtp: RtpEndpoint;
  /** Video calls only: the caller's camera and screen (what it sent, what it saw). */
  readonly video?: VideoRtpEndpoint;
  report(): CallerReport;
  /** Resolves with answeredAt; rejects if the call ends unanswered or the time runs out. */
  waitForAnswer(timeoutMs: number): Promise<number>;
  waitForEnd(timeoutMs: number): Promise<CallerReport>;
  /**
   * Callers with `dtmf`: presses a key on the answered call, as an RFC 4733 telephone event in
   * the audio stream (default 160 ms long). Resolves once the key is sent.
   */
  pressKey(key: string, opts?: { durationMs?: number }): Promise<void>;
  /** CANCEL before the answer, BYE after it; resolves once the call is over. */
  hangUp(timeoutMs?: number): Promise<CallerReport>;
  /** Ends the SIPp process (hang up first if the far end must see a clean end). */
  stop(): Promise<void>;
}

export async function startCaller(target: { sipPort: number; logDir: string }, opts: CallerOptions): Promise<Caller> {
  if (opts.dtmf && opts.video) throw new Error('a caller with dtmf is an audio call: no video');
  const rtp = await openRtpEndpoint();
  const videoOptions: VideoCallOptions | undefined = opts.video === true ? {} : opts.video || undefined;
  const video = videoOptions ? await openVideoRtpEndpoint(videoOptions) : undefined;
  const localIp = opts.localIp ?? (video ? VIDEO_TRUNK_IP : '127.0.0.1');
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
    if (!report.endedAt) sendControlAt(localIp, localPort, callId, 'hangup').catch(() => undefined);
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
      case 'VIDEO':
        report.video = parseVideoAnswer(event.detail);
        break;
      case 'DTMF':
        if (/^\d+$/.test(event.detail)) report.dtmfPayloadType = Number(event.detail);
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
    const accepted = report.video;
    if (video && accepted && accepted.port > 0 && accepted.payloadType !== undefined) {
      video.sendTo(accepted.host, accepted.port, accepted.payloadType, accepted.codec === 'VP8' ? 'VP8' : 'H264');
    }
    if (hangUpWanted) requestHangUp();
    else if (opts.hangUpAfterAnswerMs !== undefined) hangUpTimer = setTimeout(requestHangUp, opts.hangUpAfterAnswerMs);
  };

  const finish = (at: number): void => {
    if (report.endedAt) return;
    report.endedAt = at;
    report.outcome ??= 'failed';
    clearTimeout(hangUpTimer);
    rtp.pause();
    video?.pause();
  };

  const videoArgs = video
    ? ['-key', 'video_port', String(video.port), '-key', 'video_pt', String(video.payloadType), '-key', 'video_codec', video.codec, '-key', 'rtp_ip', '127.0.0.1']
    : [];
  const sipp: SippProcess = spawnSipp({
    name: `caller ${opts.from} -> ${opts.to}`,
    scenario: video ? 'caller-video.xml' : opts.dtmf ? 'caller-dtmf.xml' : 'caller.xml',
    eventLog: join(target.logDir, `sipp-${callIdPrefix}-events.log`),
    messageLog: join(target.logDir, `sipp-${callIdPrefix}-messages.log`),
    onEvent,
    args: [
      `127.0.0.1:${target.sipPort}`,
      '-s', opts.to,
      '-key', 'from', opts.from,
      '-key', 'rtp_port', String(rtp.port),
      ...videoArgs,
      '-cid_str', `${callIdPrefix}-%u`,
      '-i', localIp, '-p', String(localPort), '-cp', String(controlPort),
      '-m', '1',
    ],
  });
  // Exit without an END event: SIPp aborted the call (unexpected message, port in use, ...).
  void sipp.exited.then(() => finish(Date.now()));

  const what = (event: string): string => `caller ${opts.from} -> ${opts.to} (${callId}) ${event}`;
  return {
    callId,
    rtp,
    ...(video ? { video } : {}),
    report: () => ({ ...report }),
    async waitForAnswer(timeoutMs) {
      return waitFor(() => {
        if (report.answeredAt) return report.answeredAt;
        if (report.endedAt) throw new GiveUp(`${what('answered')}: call ended unanswered, ${describe(report, sipp)}`);
        return undefined;
      }, { timeoutMs, what: what('answered') });
    },
    async pressKey(key, { durationMs } = {}) {
      if (!opts.dtmf) throw new Error(`${what('pressing a key')}: place the call with dtmf: true to press keys`);
      if (!report.answeredAt || report.endedAt) throw new Error(`${what('pressing a key')}: no answered call in progress`);
      const payloadType = report.dtmfPayloadType;
      if (payloadType === undefined) throw new Error(`${what('pressing a key')}: Asterisk's answer declined telephone events`);
      await rtp.sendEvent(key, { payloadType, ...(durationMs !== undefined ? { durationMs } : {}) });
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
      await video?.close();
    },
  };
}

function describe(report: CallerReport, sipp: SippProcess): string {
  const stderr = sipp.stderrTail();
  return `outcome ${report.outcome ?? 'none'}${report.rejectedStatus ? ` (${report.rejectedStatus})` : ''}${stderr ? `; sipp: ${stderr}` : ''}`;
}

/** "ip:port|payload type|codec" from caller-video.xml's VIDEO event. */
function parseVideoAnswer(detail: string): NonNullable<CallerReport['video']> {
  const [address = '', payloadType = '', codec = ''] = detail.split('|');
  const [host = '', port = ''] = address.split(':');
  return {
    host,
    port: Number(port) || 0,
    ...(/^\d+$/.test(payloadType) ? { payloadType: Number(payloadType) } : {}),
    ...(codec ? { codec } : {}),
  };
}

/**
 * sendControl (sip-control.ts) for a SIPp bound to another loopback address than 127.0.0.1:
 * the same INFO, sent to that address.
 */
async function sendControlAt(host: string, sippPort: number, callId: string, command: ControlCommand): Promise<void> {
  if (host === '127.0.0.1') return sendControl(sippPort, callId, command);
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    const { port } = socket.address();
    const tag = randomBytes(4).toString('hex');
    const message = [
      `INFO sip:sipp@${host}:${sippPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-control-${tag}`,
      `From: <sip:test-control@127.0.0.1>;tag=control-${tag}`,
      `To: <sip:sipp@${host}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INFO',
      'Max-Forwards: 70',
      `X-Overflow-Control: ${command}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await new Promise<void>((resolve, reject) => {
      socket.send(message, sippPort, host, (err) => (err ? reject(err) : resolve()));
    });
  } finally {
    socket.close();
  }
}
