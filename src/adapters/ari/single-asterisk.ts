import type { Logger } from 'pino';
import { AriConnection, type AriSettings } from './ari-connection.js';
import { forwardAriEvents } from './ari-events.js';
import type { AsteriskLink } from './asterisk-link.js';
import { AriTelephony } from './ari-telephony.js';
import { LegEnds } from './leg-ends.js';

/** How the engine's legs are dialled out and what callbacks show (the deployment's service center). */
export interface DialSettings {
  readonly callbackDial: string;
  readonly callbackCallerId: string;
  readonly videoCallbackDial: string;
}

/** One Asterisk server's connection and telephony, with the wait for hung-up legs (LegEnds). */
export function asteriskConnection(ari: AriSettings, dial: DialSettings, log: Logger): { connection: AriConnection; telephony: AriTelephony } {
  const connection = new AriConnection(ari, log);
  const legEnds = new LegEnds();
  connection.attach((client) => legEnds.listen(client));
  const telephony = new AriTelephony(connection, ari.app, 'default', dial.callbackDial, dial.callbackCallerId, undefined, dial.videoCallbackDial, legEnds);
  return { connection, telephony };
}

/** The engine on one Asterisk server (`ARI_URL` names one). */
export function singleAsterisk(ari: AriSettings, dial: DialSettings, log: Logger, now: () => number): AsteriskLink {
  const { connection, telephony } = asteriskConnection(ari, dial, log);
  return {
    telephony,
    get isConnected() {
      return connection.isConnected;
    },
    onEvents: (emit) => connection.attach((client) => forwardAriEvents(client, now, emit)),
    onConnected: (listener) => connection.connected(() => listener((endpoints) => telephony.watchEndpoints(endpoints))),
    onServerChange: () => undefined,
    onReplaced: (listener) => connection.replaced(listener),
    start: () => connection.start(),
    stop: () => connection.stop(),
  };
}
