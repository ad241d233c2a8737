/**
 * The agent desktop (`GET /desk`): renders the desk view embedded in the page, keeps it live over
 * the server-sent events of `/api/agents/:id/events`, and sends the agent's actions to the JSON
 * API with the session cookie. Values from the API only ever reach the page as text.
 */
import { actionRunner } from './desk/act.js';
import { wireAgentButtons } from './desk/agent-buttons.js';
import { wireCallActions } from './desk/call-actions.js';
import { openDesk } from './desk/desk-state.js';
import { wireKnowledge, type KnowledgePanel } from './desk/knowledge-panel.js';
import { liveDesk } from './desk/live.js';
import { wireNoteForm } from './desk/note-form.js';
import { render, tick } from './desk/render.js';
import type { DeskView } from './desk/wire.js';

const desk = openDesk();
// Set once the actions can run (the knowledge panel files outcomes through them).
let knowledge: KnowledgePanel | null = null;
const redraw = (): void => {
  render(desk);
  knowledge?.render();
};
const live = liveDesk(desk, (view: DeskView | null) => {
  if (!view) return;
  desk.state.view = view;
  desk.state.skew = Date.now() - view.at;
  redraw();
});
const act = actionRunner(desk, redraw, () => live.refresh());
wireAgentButtons(desk, act);
wireCallActions(desk, act);
wireNoteForm(desk, act);
knowledge = wireKnowledge(desk, act, redraw);

redraw();
setInterval(() => tick(desk), 1000);
live.connect();
