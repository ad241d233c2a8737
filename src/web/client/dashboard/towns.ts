/** Today's table per municipality, with how many of each town's callers wait now. */
import { byId, el } from '../dom.js';
import { LEVEL_ICON, type Board } from './board.js';
import type { Level, MunicipalityRow } from './wire.js';

function judged(board: Board, text: string, level: Level): HTMLTableCellElement {
  const icon = LEVEL_ICON[level];
  const td = el('td', 'num', icon ? `${text} ${icon}` : text);
  td.dataset.level = level;
  td.title = board.levelText[level];
  return td;
}

function townRow(board: Board, r: MunicipalityRow, waitingNow: number): HTMLTableRowElement {
  const tr = el('tr');
  tr.dataset.town = r.id;
  const name = el('td', '', r.name);
  if (r.ownTarget !== null) name.append(el('span', 'own-target', r.ownTarget));
  tr.append(
    name,
    el('td', 'num', waitingNow),
    el('td', 'num', r.offered),
    el('td', 'num', r.answered),
    el('td', 'num', r.abandoned),
    judged(board, r.serviceLevel, r.serviceLevelLevel),
    judged(board, r.asa, r.asaLevel),
    judged(board, r.fcr, r.fcrLevel),
  );
  return tr;
}

export function renderTowns(board: Board): void {
  const figures = board.figures;
  if (!figures) return;
  const perTown = new Map<string, number>();
  const waiting = board.live?.waiting ?? [];
  for (const c of waiting) perTown.set(c.municipality ?? '', (perTown.get(c.municipality ?? '') ?? 0) + 1);
  byId('town-rows').replaceChildren(...figures.municipalities.map((r) => townRow(board, r, perTown.get(r.id) ?? 0)));
  byId('town-total').replaceChildren(townRow(board, figures.total, waiting.length));
}
