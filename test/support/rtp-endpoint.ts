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

export interface RtpEndpoint {
  readonly port: number;
  readonly signature: number;
  /** Start (or redirect) sending to the far end's address from its SDP. */
  sendTo(host: string, port: number): void;
  /** Stop sending; keep receiving and counting. */
  pause(): void;
  stats(): RtpStats;
  /** Packets heard carrying `signature`. */
  heard(signature: number): number;
  resetStats(): void;
  close(): Promise<void>;
}

const PACKET_INTERVAL_MS = 20;
const SAMPLES_PER_PACKET = 160;
const PCMU = 0;

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
    },
    stats: () => ({ ...stats, bySignature: new Map(stats.bySignature) }),
    heard: (other) => stats.bySignature.get(other) ?? 0,
    resetStats() {
      stats = emptyStats();
    },
    close() {
      clearInterval(timer);
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
