/**
 * H.264 in the file format Asterisk plays into a channel's video stream (formats/format_h264.c,
 * extension `.h264`). Asterisk does not packetize H.264 itself: each record of the file is sent as
 * one RTP payload as it is (res_rtp_asterisk.c rtp_raw_write), so the records must already be
 * RTP payloads of RFC 6184: a single NAL unit, or a fragment of one (FU-A).
 *
 * The file: a 32-bit big-endian delay, then per record a 16-bit big-endian length (bit 15 set:
 * the RTP marker, the last packet of a picture), the payload, and the next record's delay.
 * format_h264.c h264_open() reads and drops the first delay; h264_read() returns a record and
 * reads the next delay `ts`, answering `whennext = ts * 4/45`; main/file.c
 * ast_readvideo_callback() sends the next record at once when that is 0 (the other packets of the
 * same picture) and otherwise after `whennext / (sample rate / 1000)` ms, where the h264 codec's
 * sample rate is 1000 (main/codec_builtin.c): so a delay of `ms` milliseconds is written as
 * ms × 45/4 (not in the 90 kHz clock that h264_write() of a recording uses).
 */

/** The most a record may hold: format_h264.c truncates anything longer than BUF_SIZE (4096). */
const ASTERISK_RECORD_MAX = 4096;
/** Payloads that fit a UDP packet on any network between Asterisk and a video phone. */
export const DEFAULT_MAX_PAYLOAD = 1200;
const MARKER = 0x8000;
const FU_A = 28;

/** The NAL units of an Annex B byte stream (ffmpeg's `-f h264`), start codes removed. */
export function splitAnnexB(stream: Uint8Array): Buffer[] {
  const bytes = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  const starts: { at: number; length: number }[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      // A four-byte start code (00 00 00 01) leaves its leading zero to the NAL before: trimmed below.
      starts.push({ at: i, length: 3 });
      i += 2;
    }
  }
  const nals: Buffer[] = [];
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.at ?? bytes.length;
    let nal = bytes.subarray(start.at + start.length, end);
    // Trailing zero bytes belong to the next start code (or are padding), never to the NAL unit.
    let last = nal.length;
    while (last > 0 && nal[last - 1] === 0) last--;
    nal = nal.subarray(0, last);
    if (nal.length > 0) nals.push(nal);
  });
  return nals;
}

const nalType = (nal: Uint8Array): number => (nal[0] ?? 0) & 0x1f;
/** Coded slices: non-IDR (1) and IDR (5); partitions (2–4) are not made by the encoders we use. */
const isSlice = (type: number): boolean => type >= 1 && type <= 5;

/**
 * NAL units grouped into pictures (access units). A picture begins with an access unit
 * delimiter, SEI, SPS or PPS after a slice, or with a slice whose first_mb_in_slice is 0 (the
 * Exp-Golomb code "1": the top bit of the byte after the NAL header) after a slice; further
 * slices of the same picture (x264's slice-max-size) stay with it.
 */
export function accessUnits(nals: readonly Buffer[]): Buffer[][] {
  const units: Buffer[][] = [];
  let current: Buffer[] = [];
  let sawSlice = false;
  for (const nal of nals) {
    const type = nalType(nal);
    const startsPicture = sawSlice && ((type >= 6 && type <= 9) || (isSlice(type) && ((nal[1] ?? 0) & 0x80) !== 0));
    if (startsPicture) {
      units.push(current);
      current = [];
      sawSlice = false;
    }
    current.push(nal);
    if (isSlice(type)) sawSlice = true;
  }
  if (current.length > 0) units.push(current);
  return units;
}

/** One NAL unit as RTP payloads: itself if it fits, else FU-A fragments (RFC 6184 5.8). */
export function packetize(nal: Buffer, maxPayload = DEFAULT_MAX_PAYLOAD): Buffer[] {
  if (maxPayload < 3 || maxPayload > ASTERISK_RECORD_MAX) throw new RangeError(`maxPayload must be 3..${ASTERISK_RECORD_MAX}, got ${maxPayload}`);
  if (nal.length <= maxPayload) return [nal];
  const header = nal[0] ?? 0;
  const indicator = (header & 0xe0) | FU_A;
  const body = nal.subarray(1);
  const chunk = maxPayload - 2;
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunk) {
    const start = at === 0 ? 0x80 : 0;
    const end = at + chunk >= body.length ? 0x40 : 0;
    out.push(Buffer.concat([Buffer.from([indicator, start | end | (header & 0x1f)]), body.subarray(at, at + chunk)]));
  }
  return out;
}

/** The delay field that makes Asterisk wait `ms` milliseconds before the next record (see above). */
export const delayField = (ms: number): number => Math.ceil((ms * 45) / 4);

/**
 * An Annex B stream at a constant frame rate as an Asterisk `.h264` file: every picture's NAL
 * units as RTP payloads, the marker on each picture's last one, `frameIntervalMs` between pictures.
 */
export function toAsteriskH264(stream: Uint8Array, frameIntervalMs: number, maxPayload = DEFAULT_MAX_PAYLOAD): Buffer {
  if (!(frameIntervalMs > 0)) throw new RangeError(`frameIntervalMs must be positive, got ${frameIntervalMs}`);
  const parts: Buffer[] = [];
  const u32 = (value: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    return b;
  };
  accessUnits(splitAnnexB(stream)).forEach((unit, picture) => {
    const payloads = unit.flatMap((nal) => packetize(nal, maxPayload));
    payloads.forEach((payload, i) => {
      // The delay before this record: a picture's first waits one frame interval, its others none.
      parts.push(u32(i === 0 && picture > 0 ? delayField(frameIntervalMs) : 0));
      const length = Buffer.alloc(2);
      length.writeUInt16BE(payload.length | (i === payloads.length - 1 ? MARKER : 0));
      parts.push(length, payload);
    });
  });
  return Buffer.concat(parts);
}

/** One record of an Asterisk `.h264` file as Asterisk sends it: the RTP payload, its marker, the delay before it. */
export interface H264Record {
  readonly payload: Buffer;
  readonly marker: boolean;
  readonly delayMs: number;
}

/** Reads an Asterisk `.h264` file the way format_h264.c does (for tests and checks). */
export function readAsteriskH264(file: Uint8Array): H264Record[] {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const records: H264Record[] = [];
  let at = 0;
  while (at + 6 <= bytes.length) {
    const delay = bytes.readUInt32BE(at);
    const field = bytes.readUInt16BE(at + 4);
    const length = field & 0x7fff;
    if (at + 6 + length > bytes.length) throw new RangeError(`record at byte ${at} runs past the end of the file`);
    records.push({ payload: bytes.subarray(at + 6, at + 6 + length), marker: (field & MARKER) !== 0, delayMs: Math.floor((delay * 4) / 45) });
    at += 6 + length;
  }
  if (at !== bytes.length) throw new RangeError(`${bytes.length - at} bytes left over after the last record`);
  return records;
}
