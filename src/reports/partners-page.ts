/**
 * The report page's "Zusammenarbeit mit Partner-Centern": per partner center on the platform, the
 * callers this center took for it and handed to it, the figures a cooperation contract between
 * counties is settled on. Left out for a center that has no partners and exchanged no callers.
 */
import { escapeHtml } from '../web/html.js';
import { count } from './format.js';
import { pct, sec, td, th } from './html-cells.js';
import type { Report } from './service.js';

/** Whether the page shows the partner centers (and the columns and words about them). */
export const withPartners = (r: Report): boolean => r.partners.byPartner.length > 0 || r.totals.otherEnds.handedOver > 0;

/** A sum of talk as `h:mm:ss` (`0:06:00`), for the contract's hours. */
export const hoursMinutesSeconds = (ms: number): string => {
  const total = Math.round(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${count(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
};

type Row = { readonly handedOver: number; readonly taken: Report['partners']['total']['taken'] };

const cells = (p: Row): string =>
  `${td(count(p.taken.calls))}${td(count(p.taken.answered))}${td(count(p.taken.serviceLevel.answeredInTime))}${td(pct(p.taken.serviceLevel.rate))}${td(count(p.taken.abandoned))}${td(hoursMinutesSeconds(p.taken.talk.sumMs))}${td(sec(p.taken.talk.meanMs))}${td(count(p.handedOver))}`;

export function partnersHtml(r: Report): string {
  if (!withPartners(r)) return '';
  const p = r.partners;
  const within = r.rules.serviceLevelSec;
  return `<section>
<h2>Zusammenarbeit mit Partner-Centern</h2>
${p.complete ? '' : '<p class="warn">Für einige Tage wurden die Tageswerte gespeichert, bevor die Anrufe zwischen Partner-Centern gezählt wurden: ihre übernommenen und abgegebenen Anrufe fehlen hier je Partner-Center.</p>'}
<table>
<thead><tr>${th('Partner-Center', 'text')}${th('Anrufe übernommen für')}${th('davon angenommen')}${th(`innerhalb der Zielzeit (${within}&nbsp;s)`)}${th('Anteil')}${th('aufgelegt')}${th('Gesprächszeit gesamt')}${th('Gesprächszeit Ø')}${th('Anrufe abgegeben an')}</tr></thead>
<tbody>
${p.byPartner.map((x) => `<tr${x.taken.calls === 0 && x.handedOver === 0 ? ' class="zero"' : ''}>${td(escapeHtml(x.name), 'text')}${cells(x)}</tr>`).join('\n')}
<tr class="total">${td('Gesamt', 'text')}${cells(p.total)}</tr>
</tbody>
</table>
<p class="small">Übernommen: wartende Anrufer, die das Partner-Center an dieses Service-Center übergeben hat; die Zielzeit zählt ab ihrem ersten Eingang beim Partner-Center, die Gesprächszeit (Std.:Min.:Sek.) vom Annehmen bis zum Gesprächsende oder zur Weiterleitung. Sie zählen in den Kennzahlen oben mit wie die eigenen Anrufe (je Gemeinde unter „keiner Gemeinde zugeordnet“). Abgegeben: wartende Anrufer dieses Service-Centers, die das Partner-Center übernommen hat; sie sind hier weder angenommen noch aufgelegt und zählen weder im Servicelevel noch in der Abbruchquote.</p>
</section>`;
}
