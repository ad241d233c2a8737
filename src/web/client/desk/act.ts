/** Runs the agent's actions one at a time: their buttons are disabled while one is under way. */
import { RequestFailed } from '../http.js';
import { offerSignIn, say, type Desk } from './desk-state.js';

export type Act = (run: () => Promise<unknown>) => void;

/**
 * `redraw` draws the desk; `resync` reads the desk view over plain HTTP, for when the event stream
 * is down and would not bring the action's result.
 */
export function actionRunner(desk: Desk, redraw: () => void, resync: () => void): Act {
  const { state } = desk;
  return (run) => {
    if (state.pending) return;
    state.pending = true;
    redraw();
    void run()
      .catch((err: unknown) => {
        const message = say(err instanceof Error && err.message ? err.message : 'Das hat nicht geklappt.', true);
        if (err instanceof RequestFailed && err.status === 401) offerSignIn(message);
      })
      .then(() => {
        state.pending = false;
        redraw();
        if (!state.live) resync();
      });
  };
}
