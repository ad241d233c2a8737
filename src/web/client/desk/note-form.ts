/** The callback-note form: checked here first, saved, then filed as the call's outcome. */
import { byId } from '../dom.js';
import { sendOk } from '../http.js';
import type { Act } from './act.js';
import { fileOutcome } from './call-actions.js';
import { departmentName, say, type Desk } from './desk-state.js';
import { errorText } from './texts.js';
import type { SavedNote } from './wire.js';

const PHONE = /^\+?[0-9][0-9 /()-]*[0-9]$/;

interface NoteRequest {
  callId: string;
  municipality: string;
  name: string;
  topic: string;
  text: string;
  department?: string;
  callerConsent?: true;
  callerNumber?: string;
}

export function wireNoteForm(desk: Desk, act: Act): void {
  const { state } = desk;
  const field = (id: string) => byId(id, HTMLInputElement);
  const consent = field('note-consent');
  const number = field('note-number');

  consent.addEventListener('change', () => {
    number.disabled = !consent.checked;
    number.required = consent.checked;
    if (!consent.checked) number.value = '';
  });

  byId('note-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const call = state.view?.call ?? null;
    if (!call) return;
    const name = field('note-name').value.trim();
    const topic = field('note-topic').value.trim();
    const text = byId('note-text', HTMLTextAreaElement).value.trim();
    const consented = consent.checked;
    const callerNumber = number.value.trim();
    const missing: string[] = [];
    if (!name) missing.push('Name');
    if (!topic) missing.push('Thema');
    if (!text) missing.push('Anliegen');
    if (consented && !callerNumber) missing.push('Rückrufnummer');
    if (missing.length > 0) {
      say(`Bitte ausfüllen: ${missing.join(', ')}.`, true);
      return;
    }
    if (consented && !PHONE.test(callerNumber)) {
      say('Die Rückrufnummer bitte nur mit Ziffern schreiben, z. B. 04106 123456.', true);
      number.focus();
      return;
    }
    const departmentId = byId('note-department', HTMLSelectElement).value;
    const body: NoteRequest = { callId: call.callId, municipality: call.municipality || desk.countyId, name, topic, text };
    if (departmentId) body.department = departmentName(call, departmentId);
    if (consented) {
      body.callerConsent = true;
      body.callerNumber = callerNumber;
    }
    act(async () => {
      const note = (await sendOk('POST', '/api/notes', body, errorText)) as SavedNote;
      state.savedNote = { callId: call.callId, id: note.id };
      try {
        await fileOutcome(desk, call, 'callback-note', { noteId: note.id, department: departmentId || undefined });
      } catch (err) {
        throw new Error(`Rückrufnotiz gespeichert, aber das Ergebnis wurde nicht erfasst: ${err instanceof Error ? err.message : String(err)}`);
      }
      say('Rückrufnotiz gespeichert und als Ergebnis erfasst.', false);
    });
  });
}
