import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * A tiny RTP endpoint standing in for a phone's or a caller's audio, advertised in the SIPp
 * scenario's SDP. It sends 20 ms PCMU packets whose payload is one repeated byte, its
 * `signature`, and sorts what it receives:
 *   - packets whose payload is another endpoint's signature: that endpoint is heard (Asterisk
 *     relays PCMU to PCMU unchanged, so the signature survives a bridge);
 *   - silence (0xFF / 0x7F);
 *   - anything else is real audio: an announcement, music on hold.
 * So a test can assert "the caller heard agent-1" and "the caller heard an announcement".
 * The PCMU payloads themselves are kept too (`received()`), so a test can find out WHICH
 * announcement was heard (test/support/announcement-audio.ts).
 */
export interface RtpStats {
  sent: number;
  received: number;
  silence: number;
  /** Packets with varying payload: speech or music. */
  audio: number;
  /** Packets per signature byte heard. */
  bySignature: Map<number, number>;
  /** RTP that is not PCMU (telephone events, comfort noise, another codec): counted, not sorted. */
  otherPayloadType: number;
  firstReceivedAt: number | undefined;
  lastReceivedAt: number | undefined;
}

/** One PCMU packet as it arrived. */
export interface ReceivedPacket {
  readonly at: number;
  readonly payload: Buffer;
}

export interface RtpEndpoint {
  readonly port: number;
  readonly signature: number;
  /** Start (or redirect) sending to the far end's address from its SDP. */
  sendTo(host: string, port: number): void;
  /** Stop sending; keep receiving and counting. */
  pause(): void;
  /**
   * A key press the way a phone sends it: an RFC 4733 telephone event (`0`-`9`, `*`, `#`, `A`-`D`)
   * on the negotiated payload type, in place of audio for its duration (one update every 20 ms,
   * the first with the marker bit, then the end packet three times). Resolves once the last end
   * packet is sent; rejects unless the endpoint is sending (sendTo) or if another key is under way.
   */
  sendEvent(key: string, opts: { payloadType: number; durationMs?: number }): Promise<void>;
  stats(): RtpStats;
  /** Packets heard carrying `signature`. */
  heard(signature: number): number;
  /** The PCMU packets received since the start (or the last resetStats), in arrival order. */
  received(): readonly ReceivedPacket[];
  resetStats(): void;
  close(): Promise<void>;
}

const PACKET_INTERVAL_MS = 20;
const SAMPLES_PER_PACKET = 160;
const PCMU = 0;
/** RFC 4733 event codes of the keys of a phone's keypad. */
const EVENT_CODES: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), i])),
  '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15,
};
/** How often the end packet of a telephone event is sent (RFC 4733 2.5.1.4). */
const EVENT_END_REPEATS = 3;
/** Volume field of our telephone events: -10 dBm0. */
const EVENT_VOLUME = 10;
/** Ten minutes of 20 ms packets: far more than a test call lasts, little enough to keep around. */
const MAX_KEPT_PACKETS = 30_000;

// Signatures handed out in turn so that every endpoint of a test run is told apart; 0xFF and
// 0x7F are silence in PCMU and never used.
let nextSignature = 0x21;
function takeSignature(): number {
  const signature = nextSignature;
  nextSignature = nextSignature >= 0xf0 ? 0x21 : nextSignature + 1;
  return signature === 0x7f ? takeSignature() : signature;
}

export async function openRtpEndpoint(): Promise<RtpEndpoint> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const signature = takeSignature();
  const payload = Buffer.alloc(SAMPLES_PER_PACKET, signature);
  const ssrc = randomInt(0, 2 ** 32);
  let sequence = randomInt(0, 2 ** 16);
  let timestamp = randomInt(0, 2 ** 31);
  let target: { host: string; port: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stats = emptyStats();
  let kept: ReceivedPacket[] = [];
  /** A telephone event being sent: it takes the place of the audio packets until it is over. */
  let event: { code: number; payloadType: number; timestamp: number; durationUnits: number; sentUnits: number; endsSent: number; done: () => void; fail: (err: Error) => void } | undefined;
  const abandonEvent = (why: string): void => {
    event?.fail(new Error(`key press not finished: ${why}`));
    event = undefined;
  };

  socket.on('message', (packet) => {
    const body = rtpPayload(packet);
    if (!body) return;
    const now = Date.now();
    stats.received += 1;
    if (((packet[1] ?? 0) & 0x7f) !== PCMU) {
      stats.otherPayloadType += 1;
      return;
    }
    stats.firstReceivedAt ??= now;
    stats.lastReceivedAt = now;
    // On the loopback interface arrival order is sending order.
    if (kept.length < MAX_KEPT_PACKETS) kept.push({ at: now, payload: Buffer.from(body) });
    const first = body[0];
    if (first === undefined) return;
    if (body.every((byte) => byte === first)) {
      if (first === 0xff || first === 0x7f) stats.silence += 1;
      else stats.bySignature.set(first, (stats.bySignature.get(first) ?? 0) + 1);
    } else {
      stats.audio += 1;
    }
  });

  const sendOne = (): void => {
    if (!target) return;
    if (event) {
      sendEventPacket(target, event);
      return;
    }
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = PCMU;
    header.writeUInt16BE(sequence, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    sequence = (sequence + 1) & 0xffff;
    timestamp = (timestamp + SAMPLES_PER_PACKET) >>> 0;
    socket.send(Buffer.concat([header, payload]), target.port, target.host);
    stats.sent += 1;
  };

  /** One packet of the event under way: an update while the key is held, then the end packets. */
  const sendEventPacket = (to: { host: string; port: number }, e: NonNullable<typeof event>): void => {
    const first = e.sentUnits === 0;
    e.sentUnits = Math.min(e.durationUnits, e.sentUnits + SAMPLES_PER_PACKET);
    const ending = e.sentUnits >= e.durationUnits;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (first ? 0x80 : 0) | e.payloadType;
    header.writeUInt16BE(sequence, 2);
    // Every packet of one event carries the timestamp of its start.
    header.writeUInt32BE(e.timestamp >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    sequence = (sequence + 1) & 0xffff;
    const body = Buffer.alloc(4);
    body[0] = e.code;
    body[1] = (ending ? 0x80 : 0) | EVENT_VOLUME;
    body.writeUInt16BE(e.sentUnits, 2);
    socket.send(Buffer.concat([header, body]), to.port, to.host);
    stats.sent += 1;
    if (!ending) return;
    e.endsSent += 1;
    if (e.endsSent < EVENT_END_REPEATS) return;
    // The audio goes on after the event, its clock moved on by the event's duration.
    timestamp = (e.timestamp + e.durationUnits) >>> 0;
    event = undefined;
    e.done();
  };

  return {
    port: socket.address().port,
    signature,
    sendTo(host, port) {
      target = { host, port };
      timer ??= setInterval(sendOne, PACKET_INTERVAL_MS);
    },
    pause() {
      clearInterval(timer);
      timer = undefined;
      abandonEvent('the endpoint stopped sending');
    },
    sendEvent(key, { payloadType, durationMs = 160 }) {
      const code = EVENT_CODES[key.toUpperCase()];
      if (code === undefined) return Promise.reject(new Error(`no telephone event for key "${key}"`));
      if (!target || !timer) return Promise.reject(new Error('cannot press a key: the endpoint is not sending (no answer yet, or paused)'));
      if (event) return Promise.reject(new Error('cannot press a key: another key is still being sent'));
      // Whole 20 ms packets, at least one.
      const durationUnits = Math.max(1, Math.round(durationMs / PACKET_INTERVAL_MS)) * SAMPLES_PER_PACKET;
      return new Promise((resolve, reject) => {
        event = { code, payloadType, timestamp, durationUnits, sentUnits: 0, endsSent: 0, done: resolve, fail: reject };
      });
    },
    stats: () => ({ ...stats, bySignature: new Map(stats.bySignature) }),
    heard: (other) => stats.bySignature.get(other) ?? 0,
    received: () => kept.slice(),
    resetStats() {
      stats = emptyStats();
      kept = [];
    },
    close() {
      clearInterval(timer);
      abandonEvent('the endpoint closed');
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}

function emptyStats(): RtpStats {
  return {
    sent: 0, received: 0, silence: 0, audio: 0, bySignature: new Map(), otherPayloadType: 0,
    firstReceivedAt: undefined, lastReceivedAt: undefined,
  };
}

/** The payload of an RTP packet (after CSRCs and header extension), or undefined if not RTP. */
function rtpPayload(packet: Buffer): Buffer | undefined {
  if (packet.length < 12 || (packet[0] ?? 0) >> 6 !== 2) return undefined;
  const first = packet[0] ?? 0;
  let offset = 12 + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (first & 0x20) end -= packet[packet.length - 1] ?? 0;
  return end > offset ? packet.subarray(offset, end) : undefined;
}

/**
 * The video counterpart of the audio endpoint above: a second media port standing in for a
 * camera. It sends one RTP packet per video frame (marker bit set) with the negotiated dynamic
 * payload type, on the 90 kHz video clock; the payload is a one-byte codec header (an H.264 NAL
 * header, or a VP8 payload descriptor) followed by the endpoint's `signature` repeated. Asterisk
 * relays video without transcoding, so the signature survives a bridge, and a test can assert
 * "the caller saw the agent's video" — even when Asterisk renumbers the payload type per leg.
 */
export type VideoCodec = 'H264' | 'VP8';

export interface VideoRtpStats {
  sent: number;
  received: number;
  /** Packets with the negotiated video payload type. */
  video: number;
  /** Video packets per signature byte seen. */
  bySignature: Map<number, number>;
  /** RTP with another payload type: counted, not sorted. */
  otherPayloadType: number;
  firstReceivedAt: number | undefined;
  lastReceivedAt: number | undefined;
}

export interface VideoRtpEndpoint {
  readonly port: number;
  readonly signature: number;
  /** The payload type sent, and counted as video when received: offered, then negotiated. */
  readonly payloadType: number;
  readonly codec: VideoCodec;
  /** Start (or redirect) sending to the far end's video address, with the payload type and codec its SDP agreed on. */
  sendTo(host: string, port: number, payloadType?: number, codec?: VideoCodec): void;
  /** Stop sending; keep receiving and counting. */
  pause(): void;
  stats(): VideoRtpStats;
  /** Video packets received (with the negotiated payload type). */
  packetsReceived(): number;
  /** Video packets seen carrying `signature` (another video endpoint's). */
  saw(signature: number): number;
  /** The video payloads received since the start (or the last resetStats), in arrival order (test/support/video-clips.ts). */
  received(): readonly Buffer[];
  resetStats(): void;
  close(): Promise<void>;
}

export interface VideoRtpOptions {
  /** Dynamic payload type offered (default 96 for H264, 97 for VP8). */
  payloadType?: number;
  codec?: VideoCodec;
  /** Frame interval; default 50 ms (20 frames per second). */
  intervalMs?: number;
}

const VIDEO_CLOCK_RATE = 90_000;
const VIDEO_PAYLOAD_BYTES = 200;
/** H.264 NAL header "coded slice, non-IDR" (nal_ref_idc 2); VP8 descriptor with S (start of partition). */
const VIDEO_CODEC_HEADER: Record<VideoCodec, number> = { H264: 0x41, VP8: 0x10 };

export async function openVideoRtpEndpoint(opts: VideoRtpOptions = {}): Promise<VideoRtpEndpoint> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const signature = takeSignature();
  let codec: VideoCodec = opts.codec ?? 'H264';
  let payloadType = opts.payloadType ?? (codec === 'H264' ? 96 : 97);
  const intervalMs = opts.intervalMs ?? 50;
  const ssrc = randomInt(0, 2 ** 32);
  let sequence = randomInt(0, 2 ** 16);
  let timestamp = randomInt(0, 2 ** 31);
  let target: { host: string; port: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stats = emptyVideoStats();
  let payloads: Buffer[] = [];

  socket.on('message', (packet) => {
    const body = rtpPayload(packet);
    if (!body) return;
    const now = Date.now();
    stats.received += 1;
    if (((packet[1] ?? 0) & 0x7f) !== payloadType) {
      stats.otherPayloadType += 1;
      return;
    }
    stats.video += 1;
    stats.firstReceivedAt ??= now;
    stats.lastReceivedAt = now;
    payloads.push(Buffer.from(body));
    const picture = body.subarray(1);
    const first = picture[0];
    if (first !== undefined && picture.every((byte) => byte === first)) {
      stats.bySignature.set(first, (stats.bySignature.get(first) ?? 0) + 1);
    }
  });

  const sendOne = (): void => {
    if (!target) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    // One packet per frame: the marker bit ends the frame.
    header[1] = 0x80 | payloadType;
    header.writeUInt16BE(sequence, 2);
    header.writeUInt32BE(timestamp >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    sequence = (sequence + 1) & 0xffff;
    timestamp = (timestamp + (VIDEO_CLOCK_RATE * intervalMs) / 1000) >>> 0;
    const payload = Buffer.alloc(VIDEO_PAYLOAD_BYTES + 1, signature);
    payload[0] = VIDEO_CODEC_HEADER[codec];
    socket.send(Buffer.concat([header, payload]), target.port, target.host);
    stats.sent += 1;
  };

  return {
    port: socket.address().port,
    signature,
    get payloadType() {
      return payloadType;
    },
    get codec() {
      return codec;
    },
    sendTo(host, port, negotiatedPayloadType, negotiatedCodec) {
      target = { host, port };
      if (negotiatedPayloadType !== undefined) payloadType = negotiatedPayloadType;
      if (negotiatedCodec !== undefined) codec = negotiatedCodec;
      timer ??= setInterval(sendOne, intervalMs);
    },
    pause() {
      clearInterval(timer);
      timer = undefined;
    },
    stats: () => ({ ...stats, bySignature: new Map(stats.bySignature) }),
    packetsReceived: () => stats.video,
    saw: (other) => stats.bySignature.get(other) ?? 0,
    received: () => payloads,
    resetStats() {
      stats = emptyVideoStats();
      payloads = [];
    },
    close() {
      clearInterval(timer);
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}

function emptyVideoStats(): VideoRtpStats {
  return {
    sent: 0, received: 0, video: 0, bySignature: new Map(), otherPayloadType: 0,
    firstReceivedAt: undefined, lastReceivedAt: undefined,
  };
}
