import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The throwaway CA's certificate: what a client is told to trust. */
  readonly caFile: string;
  /** A server certificate for 127.0.0.1 and localhost, signed by that CA, and its key. */
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A throwaway CA and a server certificate it signed, made with `openssl` in `dir` (the test's
 * temporary directory). EC P-256 keys: generated in milliseconds, unlike RSA.
 */
export function makeTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2', '-subj', '/CN=overflow-engine test CA');
  openssl('req', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  // The client checks the host it dialled against the subjectAltName, not the CN.
  writeFileSync(file('server.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.crt'), '-days', '2', '-extfile', file('server.ext'));
  return { caFile: file('ca.crt'), certFile: file('server.crt'), keyFile: file('server.key') };
}
