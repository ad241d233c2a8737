import { describe, expect, it } from 'vitest';
import { accessUnits, delayField, packetize, readAsteriskH264, splitAnnexB, toAsteriskH264 } from '../../../scripts/lib/asterisk-h264.js';

const b = (...bytes: number[]): Buffer => Buffer.from(bytes);
const SC4 = [0, 0, 0, 1];
const SC3 = [0, 0, 1];
// NAL headers: SPS 0x67, PPS 0x68, IDR slice 0x65, non-IDR slice 0x41, SEI 0x06, AUD 0x09.
// A slice's second byte with the top bit set: first_mb_in_slice 0, a new picture.
const SPS = b(0x67, 0x42, 0xc0, 0x1e);
const PPS = b(0x68, 0xce, 0x3c, 0x80);
const IDR_FIRST = b(0x65, 0x88, 0x84, 0x21);
const IDR_SECOND_SLICE = b(0x65, 0x40, 0x11, 0x22);
const P_FIRST = b(0x41, 0x9a, 0x02, 0x03);
const annexB = (...nals: { nal: Buffer; four?: boolean }[]): Buffer =>
  Buffer.concat(nals.flatMap(({ nal, four }) => [b(...(four ? SC4 : SC3)), nal]));

describe('splitAnnexB', () => {
  it('finds NAL units after three- and four-byte start codes, without start codes or the zero before a four-byte one', () => {
    const stream = annexB({ nal: SPS, four: true }, { nal: PPS, four: true }, { nal: IDR_FIRST }, { nal: P_FIRST, four: true });
    expect(splitAnnexB(stream)).toEqual([SPS, PPS, IDR_FIRST, P_FIRST]);
  });

  it('keeps emulation-prevented bytes (00 00 03) inside a NAL unit and skips empty ones', () => {
    const escaped = b(0x41, 0x9a, 0, 0, 3, 1, 0x55);
    expect(splitAnnexB(Buffer.concat([b(...SC3, ...SC3), escaped]))).toEqual([escaped]);
  });

  it('finds nothing in a stream without a start code', () => {
    expect(splitAnnexB(b(0x65, 0x88, 0x84))).toEqual([]);
  });
});

describe('accessUnits', () => {
  it('groups parameter sets and every slice of a picture, and starts a picture at the next first slice', () => {
    const units = accessUnits([SPS, PPS, IDR_FIRST, IDR_SECOND_SLICE, P_FIRST, P_FIRST, SPS, PPS, IDR_FIRST]);
    expect(units).toEqual([[SPS, PPS, IDR_FIRST, IDR_SECOND_SLICE], [P_FIRST], [P_FIRST], [SPS, PPS, IDR_FIRST]]);
  });

  it('starts a picture at an SEI or access unit delimiter after a slice', () => {
    const sei = b(0x06, 0x05, 0x01);
    const aud = b(0x09, 0xf0);
    expect(accessUnits([IDR_FIRST, sei, P_FIRST, aud, P_FIRST])).toEqual([[IDR_FIRST], [sei, P_FIRST], [aud, P_FIRST]]);
  });
});

describe('packetize', () => {
  it('sends a NAL unit that fits as it is (single NAL unit packet)', () => {
    expect(packetize(IDR_FIRST, 4)).toEqual([IDR_FIRST]);
  });

  it('cuts a larger one into FU-A fragments: indicator with the NAL header\'s NRI, start and end bits, the body in order', () => {
    const nal = Buffer.concat([b(0x65), Buffer.from(Array.from({ length: 25 }, (_, i) => i + 1))]);
    const parts = packetize(nal, 12);
    expect(parts.map((p) => p.length)).toEqual([12, 12, 7]);
    expect(parts.map((p) => p[0])).toEqual([0x7c, 0x7c, 0x7c]); // NRI 3 (0x60) | type 28
    expect(parts.map((p) => p[1])).toEqual([0x85, 0x05, 0x45]); // S, -, E | type 5
    expect(Buffer.concat([b(0x65), ...parts.map((p) => p.subarray(2))])).toEqual(nal);
    expect(parts.every((p) => p.length <= 12)).toBe(true);
  });

  it('refuses a payload size Asterisk would truncate', () => {
    expect(() => packetize(IDR_FIRST, 5000)).toThrow(RangeError);
  });
});

describe('toAsteriskH264 and readAsteriskH264', () => {
  it('writes each picture\'s payloads with the marker on the last, the frame interval before each picture as Asterisk reads it', () => {
    const stream = annexB({ nal: SPS, four: true }, { nal: PPS }, { nal: IDR_FIRST }, { nal: IDR_SECOND_SLICE }, { nal: P_FIRST }, { nal: P_FIRST });
    const file = toAsteriskH264(stream, 200);
    // Byte layout as format_h264.c expects: delay, length|marker, payload, ...
    expect(file.subarray(0, 10)).toEqual(b(0, 0, 0, 0, 0, 4, ...SPS));
    const records = readAsteriskH264(file);
    expect(records.map((r) => [r.payload[0], r.marker, r.delayMs])).toEqual([
      [0x67, false, 0],
      [0x68, false, 0],
      [0x65, false, 0],
      [0x65, true, 0],
      [0x41, true, 200],
      [0x41, true, 200],
    ]);
    expect(records.map((r) => r.payload)).toEqual([SPS, PPS, IDR_FIRST, IDR_SECOND_SLICE, P_FIRST, P_FIRST]);
  });

  it('fragments a picture larger than the payload size, marker on its last fragment only', () => {
    const big = Buffer.concat([b(0x65, 0x88), Buffer.alloc(3000, 0x5a)]);
    const records = readAsteriskH264(toAsteriskH264(annexB({ nal: big }), 100, 1200));
    expect(records.map((r) => r.payload.length)).toEqual([1200, 1200, 607]);
    expect(records.map((r) => r.marker)).toEqual([false, false, true]);
  });

  it('writes delays that Asterisk\'s integer arithmetic (ts * 4 / 45) turns back into the same milliseconds', () => {
    for (const ms of [40, 50, 100, 125, 200, 333, 1000]) expect(Math.floor((delayField(ms) * 4) / 45)).toBe(ms);
  });

  it('rejects a truncated file and a zero frame interval', () => {
    const file = toAsteriskH264(annexB({ nal: IDR_FIRST }), 100);
    expect(() => readAsteriskH264(file.subarray(0, file.length - 1))).toThrow(RangeError);
    expect(() => toAsteriskH264(file, 0)).toThrow(RangeError);
  });
});
