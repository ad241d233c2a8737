/**
 * The dashboard's event stream (`/api/dashboard/events`): `live` and `figures` as they change. The
 * browser reconnects a lost connection by itself; a stream the server refused is retried after
 * checking the sign-in.
 */
import { byId, showStatus, signInLink } from '../dom.js';
import { send } from '../http.js';
import type { FiguresView, LiveView } from './wire.js';

export interface StreamHandlers {
  readonly live: (view: LiveView) => void;
  readonly figures: (view: FiguresView) => void;
}

const conn = (text: string, isError: boolean): HTMLElement => showStatus(byId('conn'), text, isError);

export function connectDashboard(on: StreamHandlers): void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const retry = (ms: number): void => {
    retryTimer ??= setTimeout(connect, ms);
  };

  function checkSignIn(): void {
    void send('GET', '/api/whoami').then(
      (answer) => {
        if (answer.status === 401) conn('Ihre Anmeldung ist abgelaufen. ', true).append(signInLink());
        else retry(5000);
      },
      () => retry(5000),
    );
  }

  function connect(): void {
    retryTimer = null;
    source?.close();
    const stream = new EventSource('/api/dashboard/events');
    source = stream;
    stream.addEventListener('live', (e) => on.live(JSON.parse((e as MessageEvent<string>).data) as LiveView));
    stream.addEventListener('figures', (e) => on.figures(JSON.parse((e as MessageEvent<string>).data) as FiguresView));
    stream.onopen = () => conn('Live', false);
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) {
        // The server refused the stream (not a lost connection): find out why, then try again.
        stream.close();
        conn('Verbindung getrennt.', true);
        checkSignIn();
      } else {
        conn('Verbindung unterbrochen, wird wiederhergestellt …', true);
      }
    };
  }

  connect();
}
