import { describe, expect, it } from 'vitest';
import { hashSecret, isSecretHash, parseSecretHash, verifySecret } from '../../../src/auth/index.js';

describe('secret hashes (scrypt)', () => {
  it('accepts the secret the hash was made from', async () => {
    const hash = await hashSecret('agent-1-secret');
    expect(hash).toMatch(/^scrypt\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(isSecretHash(hash)).toBe(true);
    expect(await verifySecret('agent-1-secret', hash)).toBe(true);
  });

  it('refuses a wrong secret, one differing only in case or a trailing space, and an empty one', async () => {
    const hash = await hashSecret('agent-1-secret');
    for (const wrong of ['agent-2-secret', 'Agent-1-secret', 'agent-1-secret ', 'agent-1-secre', '']) {
      expect(await verifySecret(wrong, hash), wrong).toBe(false);
    }
  });

  it('salts every hash: the same secret twice gives two different hashes, both valid', async () => {
    const [a, b] = await Promise.all([hashSecret('teamlead-secret'), hashSecret('teamlead-secret')]);
    expect(a).not.toBe(b);
    expect(await verifySecret('teamlead-secret', a)).toBe(true);
    expect(await verifySecret('teamlead-secret', b)).toBe(true);
  });

  it('does not treat a secret and its Unicode look-alike spelling differently (NFC)', async () => {
    const composed = 'Lüders-2025';
    const decomposed = 'Lu\u0308ders-2025';
    expect(await verifySecret(decomposed, await hashSecret(composed))).toBe(true);
  });

  it('refuses to hash an empty secret', async () => {
    await expect(hashSecret('')).rejects.toThrow(/empty/);
  });

  const good = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  it.each([
    ['an empty string', ''],
    ['a secret pasted where its hash belongs', 'agent-1-secret'],
    ['another algorithm', good.replace('scrypt', 'bcrypt')],
    ['a missing part', 'scrypt$AAAAAAAAAAAAAAAAAAAAAA=='],
    ['a salt shorter than 16 bytes', 'scrypt$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a key that is not 32 bytes', 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'],
    ['characters outside base64', good.replace('scrypt$AAAA', 'scrypt$AA!A')],
    ['sloppy base64 (wrong padding)', good.replace('==$', '=$')],
    ['spaces around it', ` ${good}`],
  ])('treats a malformed hash (%s) as no match, never as an error', async (_what, hash) => {
    expect(parseSecretHash(hash)).toBeNull();
    expect(isSecretHash(hash)).toBe(false);
    expect(await verifySecret('agent-1-secret', hash)).toBe(false);
  });

  it('reads the well-formed example used above', () => {
    expect(parseSecretHash(good)).toMatchObject({ salt: expect.any(Buffer) as unknown, key: expect.any(Buffer) as unknown });
  });
});
