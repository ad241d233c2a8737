/** Today's figures: the KPI tiles, the towns' table, the chart, and how current they are. */
import { byId, el } from '../dom.js';
import type { Board } from './board.js';
import { renderChart } from './chart.js';
import { renderTowns } from './towns.js';
import type { FiguresView, Kpi } from './wire.js';

const PARTS = ['label', 'value', 'target', 'level', 'detail'] as const;

function kpiTile(box: HTMLElement, k: Kpi): HTMLElement {
  const existing = box.querySelector<HTMLElement>(`[data-kpi="${CSS.escape(k.id)}"]`);
  if (existing) return existing;
  const node = el('div', 'tile');
  node.dataset.kpi = k.id;
  node.append(...PARTS.map((part) => el('span', part)));
  box.append(node);
  return node;
}

function renderKpis(figures: FiguresView): void {
  const box = byId('kpis');
  for (const k of figures.kpis) {
    const node = kpiTile(box, k);
    node.dataset.level = k.level;
    const texts = { label: k.label, value: k.value, target: k.target, level: k.levelText, detail: k.detail };
    for (const part of PARTS) {
      const span = node.querySelector(`.${part}`);
      if (span) span.textContent = texts[part];
    }
  }
}

export function renderFigures(board: Board): void {
  const figures = board.figures;
  if (!figures) return;
  byId('date').textContent = figures.dateLabel;
  renderKpis(figures);
  renderTowns(board);
  byId('as-of').textContent = `Kennzahlen: Stand ${board.time.format(figures.at)} Uhr.`;
  byId('stale').hidden = figures.upToDate;
  try {
    renderChart(board, figures);
  } catch (err) {
    // The figures above stand on their own: a chart that cannot be drawn must not take them along.
    byId('chart-summary').textContent = 'Das Diagramm kann nicht gezeigt werden.';
    console.warn(err);
  }
}
