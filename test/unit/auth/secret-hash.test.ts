import { describe, expect, it } from 'vitest';
import { randomBytes, scryptSync } from 'node:crypto';
import { hashSecret as hashAtDefault, isSecretHash, needsRehash, parseSecretHash, verifySecret } from '../../../src/auth/index.js';

// Unit tests hash cheaply (N = 2^10); the default cost is exercised once below and in the integration tests.
const CHEAP = { ln: 10, r: 8, p: 1 };
const hashSecret = (secret: string) => hashAtDefault(secret, CHEAP);

describe('secret hashes (scrypt)', () => {
  it('accepts the secret the hash was made from', async () => {
    const hash = await hashSecret('agent-1-secret');
    expect(hash).toMatch(/^scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    // Verifiable, but below what the deployment file accepts (2^14).
    expect(isSecretHash(hash)).toBe(false);
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

  it('hashes at OWASP’s cost by default, with the parameters written into the hash', async () => {
    const hash = await hashAtDefault('teamlead-secret');
    expect(hash).toMatch(/^scrypt\$ln=17,r=8,p=1\$/);
    expect(isSecretHash(hash)).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it('still verifies the old form without parameters (N = 2^15), and marks it for an upgrade', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('agent-1-secret', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(isSecretHash(legacy)).toBe(true);
    expect(await verifySecret('agent-1-secret', legacy)).toBe(true);
    expect(await verifySecret('agent-2-secret', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it.each([
    ['ln=13 (below 2^14)', 'scrypt$ln=13,r=8,p=1$', false],
    ['ln=14', 'scrypt$ln=14,r=8,p=1$', true],
    ['a cost that would need more than 1 GiB', 'scrypt$ln=21,r=8,p=1$', false],
  ])('accepts in the deployment file %s: %s', (_what, prefix, ok) => {
    expect(isSecretHash(`${prefix}AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`)).toBe(ok);
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
