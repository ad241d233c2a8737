/**
 * `npm run hash-secret`: asks for a secret (twice, not echoed) and prints the line to paste into a
 * person of the deployment file's `people:`:
 *
 *     secretHash: "scrypt$ln=17,r=8,p=1$…$…"
 *
 * (scrypt at OWASP's cost, N = 2^17, r = 8, p = 1, with the parameters written into the hash:
 * see src/auth/secret-hash.ts; it takes about a second.)
 *
 * Reads the secret from stdin when stdin is not a terminal (one trailing newline is dropped):
 * `printf %s 'agent-1-secret' | npm run -s hash-secret -- --bare` prints the bare hash.
 * Exit 1 for an empty secret or two entries that differ, 2 for wrong usage.
 */
import { hashSecret } from '../src/auth/secret-hash.js';

/** Shorter secrets are accepted (the samples are for 127.0.0.1), with a warning. */
const RECOMMENDED_LENGTH = 12;

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
};

/** One line from the terminal without echoing it. */
const readHidden = (prompt: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });

const main = async (args: readonly string[]): Promise<number> => {
  const bare = args.includes('--bare');
  if (args.some((a) => a !== '--bare')) {
    process.stderr.write('usage: npm run hash-secret [-- --bare]   (the secret is asked for, or read from stdin)\n');
    return 2;
  }
  let secret: string;
  if (process.stdin.isTTY) {
    secret = await readHidden('Secret: ');
    if (secret !== '' && (await readHidden('Repeat: ')) !== secret) {
      process.stderr.write('the two entries differ: nothing printed\n');
      return 1;
    }
  } else {
    secret = await readStdin();
  }
  if (secret === '') {
    process.stderr.write('the secret is empty: nothing printed\n');
    return 1;
  }
  if (secret.length < RECOMMENDED_LENGTH) {
    process.stderr.write(`warning: the secret has only ${secret.length} characters; use at least ${RECOMMENDED_LENGTH} (e.g. from a password manager)\n`);
  }
  const hash = await hashSecret(secret);
  process.stdout.write(bare ? `${hash}\n` : `secretHash: "${hash}"\n`);
  return 0;
};

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`hash-secret failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
