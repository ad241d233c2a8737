import { join } from 'node:path';
import { freeUdpPort } from './free-port.js';
import { spawnSipp } from './sipp-process.js';

/** Asterisk's SIP port and the directory for SIPp's logs. */
export interface SippTarget {
  sipPort: number;
  logDir: string;
}

/**
 * One REGISTER transaction (test/sipp/register.xml) for the phone's Contact; rejects on failure.
 * expiresSec 0 unregisters.
 */
export async function register(target: SippTarget, endpoint: string, password: string, contactPort: number, expiresSec: number): Promise<void> {
  const [localPort, controlPort] = await Promise.all([freeUdpPort(), freeUdpPort()]);
  let registered = false;
  const name = `register-${endpoint}-${expiresSec}-${localPort}`;
  const sipp = spawnSipp({
    name,
    scenario: 'register.xml',
    eventLog: join(target.logDir, `sipp-${name}-events.log`),
    messageLog: join(target.logDir, `sipp-${name}-messages.log`),
    onEvent: (event) => (registered ||= event.kind === 'REGISTERED'),
    args: [
      `127.0.0.1:${target.sipPort}`, '-s', endpoint, '-au', endpoint, '-ap', password,
      '-key', 'contact_port', String(contactPort), '-key', 'expires', String(expiresSec),
      '-i', '127.0.0.1', '-p', String(localPort), '-cp', String(controlPort),
      '-m', '1', '-recv_timeout', '5000',
    ],
  });
  const status = await sipp.exited;
  if (!registered || status.code !== 0) {
    throw new Error(`REGISTER ${endpoint} (expires ${expiresSec}) failed: exit ${status.code}, ${sipp.stderrTail()}`);
  }
}
