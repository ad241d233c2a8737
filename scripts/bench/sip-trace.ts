import { existsSync, readFileSync } from 'node:fs';

/**
 * What an agent phone saw, from its SIPp message trace (-trace_msg, the `messages.log` that
 * test/support/sipp-phone.ts keeps per phone): every message with SIPp's timestamp (µs), so the
 * gap between the phone's BYE and its next INVITE is measured where it happens, not when our
 * process happened to read an event.
 */
export interface TracedMessage {
  /** Epoch ms (fractional). SIPp writes local wall-clock time; Node reads it in the same zone. */
  readonly at: number;
  readonly direction: 'sent' | 'received';
  readonly firstLine: string;
  readonly callId: string;
  readonly cseqMethod: string;
  /** The user part of the From header (the caller's number on an offer from Asterisk). */
  readonly fromUser: string;
}

export interface PhoneCallTrace {
  readonly callId: string;
  readonly endpoint: string;
  /** The caller's number, as Asterisk put it in From. */
  readonly fromUser: string;
  readonly offeredAt: number;
  readonly answeredAt?: number;
  /** The phone hung up (it sent BYE). */
  readonly byeSentAt?: number;
  /** Asterisk hung up (the phone received BYE). */
  readonly byeReceivedAt?: number;
}

const HEADER = /^-{20,} (\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\.(\d{6})$/;

export function parseMessageTrace(text: string): TracedMessage[] {
  const out: TracedMessage[] = [];
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length) {
    const m = HEADER.exec(lines[i] ?? '');
    i++;
    if (!m) continue;
    const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, us = 0] = m.slice(1).map(Number);
    const at = new Date(y, mo - 1, d, h, mi, s).getTime() + us / 1000;
    const kindLine = lines[i] ?? '';
    const direction = kindLine.includes('message sent') ? 'sent' : 'received';
    // Skip the "UDP message ..." line and the blank line after it.
    i += 2;
    const body: string[] = [];
    while (i < lines.length && !HEADER.test(lines[i] ?? '')) body.push(lines[i++] ?? '');
    const header = (name: string): string => {
      const line = body.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return line ? line.slice(line.indexOf(':') + 1).trim() : '';
    };
    out.push({
      at,
      direction,
      firstLine: (body[0] ?? '').trim(),
      callId: header('Call-ID'),
      cseqMethod: header('CSeq').split(/\s+/)[1] ?? '',
      fromUser: /sip:([^@;>]+)@/.exec(header('From'))?.[1] ?? '',
    });
  }
  return out;
}

/** One record per call Asterisk offered the phone (first INVITE, first 200 OK, first BYE either way). */
export function phoneCalls(endpoint: string, messages: readonly TracedMessage[]): PhoneCallTrace[] {
  const calls = new Map<string, { callId: string; endpoint: string; fromUser: string; offeredAt: number; answeredAt?: number; byeSentAt?: number; byeReceivedAt?: number }>();
  for (const m of messages) {
    if (m.direction === 'received' && m.firstLine.startsWith('INVITE ')) {
      if (!calls.has(m.callId)) calls.set(m.callId, { callId: m.callId, endpoint, fromUser: m.fromUser, offeredAt: m.at });
      continue;
    }
    const call = calls.get(m.callId);
    if (!call) continue;
    if (m.direction === 'sent' && m.firstLine.startsWith('SIP/2.0 200') && m.cseqMethod === 'INVITE') call.answeredAt ??= m.at;
    else if (m.direction === 'sent' && m.firstLine.startsWith('BYE ')) call.byeSentAt ??= m.at;
    else if (m.direction === 'received' && m.firstLine.startsWith('BYE ')) call.byeReceivedAt ??= m.at;
  }
  return [...calls.values()].sort((a, b) => a.offeredAt - b.offeredAt);
}

export function tracePhone(endpoint: string, messageLog: string): PhoneCallTrace[] {
  return existsSync(messageLog) ? phoneCalls(endpoint, parseMessageTrace(readFileSync(messageLog, 'utf8'))) : [];
}

/**
 * Agent free → next offer: for every call the phone hung up, the time from its BYE to the next
 * INVITE it received. A hang-up after which no offer came (nobody was waiting any more) has none.
 */
export function offerGaps(calls: readonly PhoneCallTrace[]): number[] {
  const gaps: number[] = [];
  for (const call of calls) {
    const freedAt = call.byeSentAt;
    if (freedAt === undefined) continue;
    const next = calls.find((c) => c.offeredAt > freedAt);
    if (next) gaps.push(next.offeredAt - freedAt);
  }
  return gaps;
}
