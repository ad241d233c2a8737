/** Knowledge gaps: the month's searches that found nothing (`GET /api/knowledge/gaps?month=`), most frequent first. */
import { byId, el } from '../dom.js';
import { send } from '../http.js';
import { messageOf, unexpected } from './texts.js';
import type { Gaps } from './wire.js';

export function gapsSection(municipalityName: (id: string) => string): void {
  const month = byId('gaps-month', HTMLInputElement);
  const rows = byId('gap-rows');
  const note = byId('gaps-message');

  const load = async (): Promise<void> => {
    if (!/^\d{4}-\d{2}$/.test(month.value)) return;
    const answer = await send('GET', `/api/knowledge/gaps?month=${encodeURIComponent(month.value)}`);
    if (!answer.ok) {
      note.textContent = unexpected(answer.status, answer.body);
      return;
    }
    const { misses } = answer.body as Gaps;
    rows.replaceChildren(
      ...misses.map((m) => {
        const tr = el('tr');
        tr.append(el('td', '', m.query), el('td', '', m.municipality === 'all' ? 'alle' : municipalityName(m.municipality)), el('td', '', m.count));
        return tr;
      }),
    );
    note.textContent = misses.length === 0 ? 'Keine erfolglosen Suchen in diesem Monat.' : '';
  };

  const reload = (): void => {
    void load().catch((err: unknown) => {
      note.textContent = messageOf(err);
    });
  };
  month.addEventListener('change', reload);
  reload();
}
