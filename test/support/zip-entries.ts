/**
 * Reads a ZIP archive of stored (uncompressed) entries, as the knowledge export writes it: the
 * entries its central directory lists, in order, with their names, texts, CRC-32 and flags. Throws
 * on anything else (a compressed entry, a broken signature), so a test fails on a malformed archive.
 */
export interface ZipEntry {
  readonly name: string;
  readonly text: string;
  readonly crc: number;
  readonly flags: number;
}

const expectSignature = (view: DataView, at: number, signature: number, what: string): void => {
  if (view.getUint32(at, true) !== signature) throw new Error(`not a ZIP: no ${what} at byte ${at}`);
};

export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expectSignature(view, end, 0x06054b50, 'end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expectSignature(view, at, 0x02014b50, 'central directory entry');
    if (view.getUint16(at + 10, true) !== 0) throw new Error('a compressed entry: only stored ones are expected');
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    expectSignature(view, local, 0x04034b50, 'local header');
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({
      name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)),
      text: decoder.decode(zip.subarray(dataAt, dataAt + size)),
      crc: view.getUint32(at + 16, true),
      flags: view.getUint16(at + 8, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
