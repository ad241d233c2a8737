/**
 * Keeps the desk live through the server-sent events of `/api/agents/:id/events`. The browser
 * reconnects a lost connection by itself; a stream the server refused (sign-in over, engine
 * restarting) is retried after reading the desk over plain HTTP, which also tells why.
 */
import { byId, showStatus } from '../dom.js';
import { RequestFailed, sendOk } from '../http.js';
import { offerSignIn, type Desk } from './desk-state.js';
import { errorText } from './texts.js';
import type { DeskView } from './wire.js';

export interface LiveDesk {
  connect(): void;
  /** The desk view once over plain HTTP; with `reconnect`, a new event stream afterwards. */
  refresh(reconnect?: boolean): void;
}

const connState = (text: string, isError: boolean): HTMLElement => showStatus(byId('conn'), text, isError);

export function liveDesk(desk: Desk, apply: (view: DeskView | null) => void): LiveDesk {
  const { state } = desk;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const retry = (ms: number): void => {
    retryTimer ??= setTimeout(connect, ms);
  };

  function connect(): void {
    retryTimer = null;
    const stream = new EventSource(`${desk.agentPath}/events`);
    stream.addEventListener('desk', (e) => {
      state.live = true;
      apply(JSON.parse((e as MessageEvent<string>).data) as DeskView);
    });
    stream.onopen = () => {
      state.live = true;
      connState('Live verbunden.', false);
    };
    stream.onerror = () => {
      state.live = false;
      if (stream.readyState === EventSource.CLOSED) {
        // The server refused the stream (not a lost connection): find out why, then try again.
        stream.close();
        connState('Verbindung getrennt.', true);
        refresh(true);
      } else {
        connState('Verbindung unterbrochen, wird wiederhergestellt …', true);
      }
    };
  }

  function refresh(reconnect = false): void {
    void sendOk('GET', `${desk.agentPath}/desk`, undefined, errorText).then(
      (next) => {
        apply(next as DeskView | null);
        if (reconnect) retry(2000);
      },
      (err: unknown) => {
        if (err instanceof RequestFailed && err.status === 401) {
          offerSignIn(connState('Ihre Anmeldung ist abgelaufen.', true));
          return;
        }
        if (reconnect) {
          connState('Keine Verbindung zum Server, neuer Versuch in Kürze …', true);
          retry(5000);
        }
      },
    );
  }

  return { connect, refresh: (reconnect) => refresh(reconnect) };
}
