import type { Call } from '../../src/domain/call.js';
import { api } from '../../test/support/http-api.js';
import type { Random } from '../../test/support/seeded-random.js';
import type { Output } from './output.js';
import { table } from './summary.js';

/**
 * What the demo's agents do at their desk while they talk: look the caller's concern up in the
 * knowledge base (the search an agent types, for the caller's municipality), open the article, and
 * file the outcome with that article as the call's topic, as a person at the web desk would. Most
 * concerns are resolved at first contact; some end in a callback note; a few find nothing (the
 * knowledge gaps the editors see).
 */
export interface DeskWork {
  /** An agent has just answered this call. */
  answered(callId: string, agentId: string): void;
  /** Waits for the desk work still running. */
  settle(): Promise<void>;
  /** The topics filed, for the summary. */
  summary(): string[];
}

/** What callers ask, as an agent would type it; weights roughly as a town hall's phone hears them. */
const CONCERNS: readonly (readonly [string, number])[] = [
  ['Reisepass', 10], ['Perso verloren', 6], ['Personalausweis beantragen', 8], ['ummelden', 8], ['Meldebescheinigung', 5],
  ['Sperrmüll', 7], ['Hundesteuer', 4], ['Wohngeld', 5], ['Gewerbeanmeldnug', 4], ['Kfz ummelden', 5], ['Führungszeugnis', 4],
  ['Briefwahl', 3], ['Kitaplatz', 4], ['Geburtsurkunde', 3], ['Bewohnerparkausweis', 2], ['Fundsachen', 2], ['Baugenehmigung', 2],
  ['Drachenflugschein', 1], ['Maibaum aufstellen', 1],
];
const CALLBACK_SHARE = 0.2;

interface Filed {
  readonly topic: string | null;
  readonly title: string | null;
  readonly outcome: 'resolved' | 'callback-note';
}

export function startDeskWork(baseUrl: string, random: Random, out: Output): DeskWork {
  const filed: Filed[] = [];
  const misses: string[] = [];
  const running = new Set<Promise<void>>();
  const total = CONCERNS.reduce((n, [, w]) => n + w, 0);
  const concern = (): string => {
    let r = random.next() * total;
    for (const [text, weight] of CONCERNS) if ((r -= weight) < 0) return text;
    return CONCERNS[0]?.[0] ?? 'Reisepass';
  };

  const work = async (callId: string, agentId: string, asked: string, callback: boolean): Promise<void> => {
    const call = await api<Call>(baseUrl, 'GET', `/api/calls/${encodeURIComponent(callId)}`, agentId);
    if (call.status !== 200) return;
    const municipality = call.body.municipality ?? 'kreis';
    const q = encodeURIComponent(asked);
    const found = await api<{ hits: { id: string; title: string }[] }>(baseUrl, 'GET', `/api/knowledge/search?q=${q}&municipality=${encodeURIComponent(municipality)}&final=1`, agentId);
    const hit = found.status === 200 ? found.body.hits[0] : undefined;
    if (hit) await api(baseUrl, 'GET', `/api/knowledge/articles/${encodeURIComponent(hit.id)}`, agentId);
    else misses.push(asked);
    // A callback note carries the article's title as its topic, as the desk fills it in.
    const note = callback && hit
      ? await api<{ id: string }>(baseUrl, 'POST', '/api/notes', agentId, { callId, municipality, name: 'Anruferin aus der Demo', topic: hit.title, text: 'Bitte um Rückruf mit einem Termin im Bürgerbüro.' })
      : undefined;
    const outcome = note?.status === 201 ? 'callback-note' : 'resolved';
    const body = { outcome, ...(note?.status === 201 ? { noteId: note.body.id } : {}), ...(hit ? { topics: [hit.id] } : {}) };
    const answer = await api(baseUrl, 'POST', `/api/calls/${encodeURIComponent(callId)}/outcome`, agentId, body);
    // The caller may have hung up already and the wrap-up be over: then nothing was filed.
    if (answer.status !== 200) return;
    filed.push({ topic: hit?.id ?? null, title: hit?.title ?? null, outcome });
    out.event(`agent ${agentId} looked up "${asked}"${hit ? ` → ${hit.title}` : ' → nothing found'}, outcome ${outcome}`);
  };

  return {
    answered(callId, agentId) {
      const job = work(callId, agentId, concern(), random.next() < CALLBACK_SHARE)
        .catch((err: unknown) => out.event(`desk work for ${callId} failed: ${(err as Error).message}`))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async settle() {
      await Promise.all([...running]);
    },
    summary() {
      if (filed.length === 0) return ['  no outcome filed from the desk'];
      const byTopic = new Map<string, { title: string; calls: number; resolved: number }>();
      for (const f of filed) {
        if (f.topic === null) continue;
        const t = byTopic.get(f.topic) ?? { title: f.title ?? f.topic, calls: 0, resolved: 0 };
        t.calls += 1;
        if (f.outcome === 'resolved') t.resolved += 1;
        byTopic.set(f.topic, t);
      }
      const rows = [...byTopic.values()]
        .sort((a, b) => b.calls - a.calls || a.title.localeCompare(b.title))
        .slice(0, 10)
        .map((t) => [t.title, String(t.calls), `${Math.round((100 * t.resolved) / t.calls)} % resolved at first contact`]);
      const withoutTopic = filed.filter((f) => f.topic === null).length;
      const lines = table(rows);
      lines.push(`  ${filed.length} outcomes filed with the knowledge base, ${withoutTopic} without a topic (searches that found nothing: ${[...new Set(misses)].map((m) => `"${m}"`).join(', ') || 'none'})`);
      return lines;
    },
  };
}
