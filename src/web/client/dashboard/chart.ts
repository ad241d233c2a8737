//! uPlot (MIT licence, © Leon Sorokin): https://github.com/leeoniya/uPlot
/**
 * The day's chart, drawn by uPlot (bundled into this page's script): waiting callers per step and
 * the service level per hour against its target. Below it, the same in words for screen readers.
 */
import uPlot from 'uplot';
import { byId } from '../dom.js';
import { num, serverNow, type Board } from './board.js';
import type { FiguresView } from './wire.js';

const HOUR_S = 3600;
type Series = (number | null)[];
type ChartSeries = [xs: number[], waiting: Series, serviceLevel: Series, target: Series];

let plot: uPlot | null = null;

function chartData(figures: FiguresView): ChartSeries {
  const c = figures.chart;
  const step = c.stepMs / 1000;
  const start = c.dayStart / 1000;
  const n = Math.round((c.dayEnd - c.dayStart) / c.stepMs);
  const xs: number[] = [];
  const wait: Series = [];
  const sl: Series = [];
  const target: Series = [];
  let h = -1;
  for (let i = 0; i < n; i++) {
    const t = start + i * step;
    xs.push(t);
    // Each value holds for its whole step: the newest one is drawn up to the end of its step.
    wait.push(i < c.waiting.length ? (c.waiting[i] ?? null) : i === c.waiting.length && i > 0 ? (c.waiting[i - 1] ?? null) : null);
    while (h + 1 < c.hours.length && (c.hours[h + 1]?.start ?? Infinity) / 1000 <= t) h++;
    sl.push(h >= 0 ? (c.hours[h]?.serviceLevelPct ?? null) : null);
    target.push(c.targetPct);
  }
  return [xs, wait, sl, target];
}

/** Working hours, widened to whatever has data and to now. */
function chartRange(board: Board, figures: FiguresView, [xs, wait, sl]: ChartSeries): [number, number] {
  const c = figures.chart;
  let lo = c.dayStart / 1000 + 6 * HOUR_S;
  let hi = c.dayStart / 1000 + 20 * HOUR_S;
  const now = serverNow(board) / 1000;
  xs.forEach((x, i) => {
    if (wait[i] != null || sl[i] != null) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x + HOUR_S);
    }
  });
  hi = Math.min(Math.max(hi, now + 1800), c.dayEnd / 1000);
  return [Math.max(lo, c.dayStart / 1000), hi];
}

function chartSummary(board: Board, figures: FiguresView, [xs, wait]: ChartSeries): void {
  const chart = figures.chart;
  let max: number | null = null;
  let at = 0;
  for (const [i, x] of xs.entries()) {
    const w = wait[i];
    if (w != null && (max === null || w > max)) {
      max = w;
      at = x;
    }
  }
  const lastSl = chart.hours.filter((hr) => hr.serviceLevelPct !== null).at(-1);
  const hm = (ms: number): string => board.hourMinute.format(ms);
  const parts = [max === null ? 'Noch kein Verlauf der Wartenden.' : `Höchstens ${max} Wartende (um ${hm(at * 1000)} Uhr).`];
  if (chart.waitingSince !== null && chart.waitingSince - chart.dayStart > 60_000) parts.push(`Verlauf seit ${hm(chart.waitingSince)} Uhr.`);
  parts.push(
    lastSl
      ? `Servicelevel ab ${hm(lastSl.start)} Uhr: ${num(lastSl.serviceLevelPct)} % (Ziel ${num(chart.targetPct)} %).`
      : 'Noch kein Servicelevel je Stunde.',
  );
  byId('chart-summary').textContent = parts.join(' ');
}

/** Points only while the history is short (after a restart): a line of a minute or two is hard to see. */
const fewWaitingPoints = (u: uPlot): boolean => (u.data[1] ?? []).filter((y) => y != null).length <= 10;

const heightFor = (width: number): number => Math.round(Math.max(220, Math.min(420, width * 0.35)));

function newPlot(board: Board, data: ChartSeries, box: HTMLElement): uPlot {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const font = `${Math.round(rem * 0.8)}px system-ui, sans-serif`;
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const hm = (seconds: number): string => board.hourMinute.format(seconds * 1000);
  const percent = (_u: uPlot, v: number | null): string => (v === null ? '–' : `${num(v)} %`);
  const width = Math.max(280, box.clientWidth);
  const timezone = board.timezone;
  return new uPlot(
    {
      width,
      height: heightFor(width),
      ...(timezone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), timezone) } : {}),
      scales: {
        x: { time: true },
        n: { range: (_u, _min, max) => [0, Math.max(4, (max || 0) + 1)] },
        pct: { range: [0, 100] },
      },
      series: [
        { label: 'Uhrzeit', value: (_u, v: number | null) => (v === null ? '–' : `${hm(v)} Uhr`) },
        {
          label: 'Wartende',
          scale: 'n',
          stroke: '#003064',
          fill: 'rgba(0, 48, 100, 0.15)',
          width: 2,
          ...(stepped ? { paths: stepped } : {}),
          points: { show: fewWaitingPoints, size: 7, fill: '#003064' },
          value: (_u, v: number | null) => (v === null ? '–' : String(v)),
        },
        { label: 'Servicelevel je Stunde', scale: 'pct', stroke: '#047857', width: 3, ...(stepped ? { paths: stepped } : {}), points: { show: false }, value: percent },
        { label: 'Ziel', scale: 'pct', stroke: '#b45309', width: 2, dash: [8, 6], points: { show: false }, value: percent },
      ],
      axes: [
        { font, values: (_u, splits) => splits.map(hm) },
        { scale: 'n', font, label: 'Wartende', labelFont: font, values: (_u, splits) => splits.map((v) => (v % 1 === 0 ? String(v) : '')) },
        { scale: 'pct', side: 1, font, label: 'Servicelevel %', labelFont: font, grid: { show: false } },
      ],
      legend: { live: true },
    },
    data,
    box,
  );
}

export function renderChart(board: Board, figures: FiguresView): void {
  const data = chartData(figures);
  chartSummary(board, figures, data);
  const [min, max] = chartRange(board, figures, data);
  if (plot) {
    plot.setData(data);
    plot.setScale('x', { min, max });
    return;
  }
  const box = byId('chart');
  const created = newPlot(board, data, box);
  plot = created;
  created.setScale('x', { min, max });
  new ResizeObserver(() => {
    const width = Math.max(280, box.clientWidth);
    if (Math.abs(width - created.width) > 4) created.setSize({ width, height: heightFor(width) });
  }).observe(box);
}
