import { createSocket, type Socket } from 'node:dgram';

/**
 * Steers SIPp calls from the test: an out-of-band INFO request carrying the call's Call-ID is
 * routed by SIPp into that call, where the scenario waits for it (see test/sipp/*.xml). SIPp
 * does not answer these INFOs and we do not retransmit them: on the loopback interface a UDP
 * datagram is not lost.
 */
export type ControlCommand = 'answer' | 'busy' | 'hangup';

let socket: Socket | undefined;
let sequence = 0;

function controlSocket(): Promise<Socket> {
  if (socket) return Promise.resolve(socket);
  const created = createSocket('udp4');
  // The socket must not keep a finished test process alive.
  created.unref();
  return new Promise((resolve, reject) => {
    created.once('error', reject);
    created.bind(0, '127.0.0.1', () => {
      socket = created;
      resolve(created);
    });
  });
}

export async function sendControl(sippPort: number, callId: string, command: ControlCommand): Promise<void> {
  const sock = await controlSocket();
  sequence += 1;
  const { port } = sock.address();
  const message = [
    `INFO sip:sipp@127.0.0.1:${sippPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-control-${process.pid}-${sequence}`,
    `From: <sip:test-control@127.0.0.1>;tag=control-${sequence}`,
    'To: <sip:sipp@127.0.0.1>',
    `Call-ID: ${callId}`,
    `CSeq: ${sequence} INFO`,
    'Max-Forwards: 70',
    `X-Overflow-Control: ${command}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => {
    sock.send(message, sippPort, '127.0.0.1', (err) => (err ? reject(err) : resolve()));
  });
}
