import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/**
 * Ports the OS reports free right now on 127.0.0.1. Another process could take one before we
 * bind it; on a test machine that is rare enough, and every consumer fails loudly if it happens.
 * Within this process a port is handed out once only: ten SIPp callers started at the same moment
 * ask for twenty ports before any of them binds, and the OS may report the same one free twice.
 */
const handedOut = new Set<string>();

async function once(kind: 'tcp' | 'udp', pick: () => Promise<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await pick();
    if (!handedOut.has(`${kind}:${port}`)) {
      handedOut.add(`${kind}:${port}`);
      return port;
    }
  }
  throw new Error(`no ${kind.toUpperCase()} port left that this process has not handed out already`);
}

export function freeTcpPort(): Promise<number> {
  return once('tcp', anyFreeTcpPort);
}

export function freeUdpPort(): Promise<number> {
  return once('udp', anyFreeUdpPort);
}

function anyFreeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no TCP port assigned'))));
    });
  });
}

function anyFreeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Whether some process has bound this UDP port on 127.0.0.1 (or on every address), from the
 * kernel's socket table (Linux). Looking does not take the port, unlike a trial bind.
 */
export function isUdpPortBound(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const table = readFileSync('/proc/net/udp', 'utf8');
  return table
    .split('\n')
    .slice(1)
    .some((line) => {
      const local = line.trim().split(/\s+/)[1] ?? '';
      return local === `0100007F:${hexPort}` || local === `00000000:${hexPort}`;
    });
}
