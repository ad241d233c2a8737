import { connect } from 'node:net';

/**
 * Whether the host refuses TCP connections to the URL's port: nothing listens there, so the server
 * process is down (its host answered). A timeout or any other failure says nothing of the kind (a
 * cut network, a stalled server) and counts as not refusing.
 */
export function refusesConnections(url: string, timeoutMs = 1_000): Promise<boolean> {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname, port });
    const done = (refused: boolean): void => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}
