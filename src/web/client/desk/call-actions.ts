/** Work on the call: file the outcome, transfer to a department (warm or blind), complete or cancel. */
import { byId } from '../dom.js';
import { sendOk } from '../http.js';
import type { Act } from './act.js';
import { callPath, departmentName, say, type Desk } from './desk-state.js';
import { errorText, OUTCOME, wordFor } from './texts.js';
import type { DeskCall } from './wire.js';

/** The ids of the articles opened during the call (its topics). */
const topicsOf = (desk: Desk, call: DeskCall): string[] => (desk.state.topics?.callId === call.callId ? desk.state.topics.list.map((t) => t.id) : []);

/** Files the call's outcome, with its topics, and remembers it for the page. */
export async function fileOutcome(desk: Desk, call: DeskCall, outcome: string, extra: { department?: string | undefined; noteId?: string } = {}): Promise<void> {
  const body: { outcome: string; department?: string; noteId?: string; topics: string[] } = { outcome, topics: topicsOf(desk, call) };
  if (extra.department) body.department = extra.department;
  if (extra.noteId) body.noteId = extra.noteId;
  await sendOk('POST', callPath(call, '/outcome'), body, errorText);
  desk.state.filed = { callId: call.callId, outcome, department: body.department };
  say(`Ergebnis erfasst: ${wordFor(OUTCOME, outcome)}.`, false);
}

/** Puts the caller through to a department of the call's town: `warm` with the agent talking to the case worker first. */
export function startTransfer(desk: Desk, act: Act, call: DeskCall, department: string, mode: string): void {
  act(async () => {
    await sendOk('POST', callPath(call, '/transfer'), { department, mode }, errorText);
    desk.state.lastTransfer = { callId: call.callId, department, mode, stage: 'ringing' };
    say(`Übergabe an ${departmentName(call, department)} eingeleitet.`, false);
  });
}

export function wireCallActions(desk: Desk, act: Act): void {
  const { state } = desk;
  const currentCall = (): DeskCall | null => state.view?.call ?? null;

  for (const button of document.querySelectorAll<HTMLButtonElement>('button.outcome')) {
    button.addEventListener('click', () => {
      const call = currentCall();
      const outcome = button.dataset.outcome;
      if (!call || !outcome) return;
      if (outcome === 'callback-note') {
        const saved = state.savedNote?.callId === call.callId ? state.savedNote : null;
        if (saved) {
          act(() => fileOutcome(desk, call, outcome, { noteId: saved.id }));
        } else {
          say('Bitte die Rückrufnotiz ausfüllen und speichern: damit ist auch das Ergebnis erfasst.', false);
          byId('note-name').focus();
        }
        return;
      }
      const department = outcome === 'transferred' && state.lastTransfer?.callId === call.callId ? state.lastTransfer.department : undefined;
      act(() => fileOutcome(desk, call, outcome, { department }));
    });
  }

  byId('departments').addEventListener('click', (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('button.transfer') : null;
    const call = currentCall();
    const department = button?.dataset.department;
    const mode = button?.dataset.mode;
    if (!call || department === undefined || mode === undefined) return;
    startTransfer(desk, act, call, department, mode);
  });
  byId('btn-transfer-complete').addEventListener('click', () => {
    const call = currentCall();
    if (!call) return;
    act(async () => {
      await sendOk('POST', callPath(call, '/transfer/complete'), {}, errorText);
      say('Gespräch übergeben.', false);
    });
  });
  byId('btn-transfer-cancel').addEventListener('click', () => {
    const call = currentCall();
    if (!call) return;
    act(async () => {
      await sendOk('POST', callPath(call, '/transfer/cancel'), {}, errorText);
      say('Übergabe abgebrochen.', false);
    });
  });
}
