import type { Deployment } from '../../src/config/index.js';
import type { Random } from '../../test/support/seeded-random.js';
import type { CenterKey } from './centers.js';

/**
 * The morning's callers, drawn up front from the seed: who calls which number when, from which
 * kind of number, and how long they are willing to wait. The caller's number is for SIPp only:
 * the demo never prints it (`origin` says where it is from).
 */
export interface PlannedCall {
  /** "#07": how the demo's output names this caller. */
  readonly label: string;
  /** When the call is placed, after the morning began. */
  readonly atMs: number;
  /** The dialled number. */
  readonly to: string;
  /** "115" or the town hall's name. */
  readonly target: string;
  readonly townId: string | null;
  /** The center whose number is dialled. */
  readonly center: CenterKey;
  /** One of a burst of callers (see Burst). */
  readonly burst: boolean;
  /** The caller's own number: never printed. */
  readonly from: string;
  /** Where the number is from ("Quickborn", "a mobile"), printed instead of it. */
  readonly origin: string;
  /** Hangs up if nobody has answered (a person, not the announcement) this long after dialling. */
  readonly patienceMs: number;
}

interface AreaCode {
  readonly prefix: string;
  readonly place: string;
  /** Digits of the subscriber number after the prefix. */
  readonly digits: readonly [number, number];
}

const AREA: Record<string, AreaCode> = {
  quickborn: { prefix: '04106', place: 'Quickborn/Hasloh', digits: [5, 6] },
  hamburg: { prefix: '040', place: 'Hamburg/Bönningstedt', digits: [7, 8] },
  pinneberg: { prefix: '04101', place: 'Pinneberg', digits: [5, 6] },
  elmshorn: { prefix: '04121', place: 'Elmshorn', digits: [5, 6] },
  wedel: { prefix: '04103', place: 'Wedel', digits: [5, 6] },
  uetersen: { prefix: '04122', place: 'Uetersen', digits: [5, 6] },
  mobile151: { prefix: '0151', place: 'a mobile', digits: [8, 8] },
  mobile170: { prefix: '0170', place: 'a mobile', digits: [7, 7] },
  mobile176: { prefix: '0176', place: 'a mobile', digits: [8, 8] },
  kaltenkirchen: { prefix: '04191', place: 'Kaltenkirchen', digits: [5, 6] },
  henstedtUlzburg: { prefix: '04193', place: 'Henstedt-Ulzburg', digits: [5, 6] },
  badBramstedt: { prefix: '04192', place: 'Bad Bramstedt', digits: [5, 6] },
  badSegeberg: { prefix: '04551', place: 'Bad Segeberg', digits: [5, 6] },
};

/** Who calls a number: town halls are called from their own area code mostly. */
const CALLERS_OF: Record<string, readonly (readonly [string, number])[]> = {
  '115': [['pinneberg', 30], ['elmshorn', 20], ['wedel', 12], ['uetersen', 10], ['hamburg', 8], ['quickborn', 8], ['mobile151', 5], ['mobile170', 4], ['mobile176', 3]],
  quickborn: [['quickborn', 70], ['hamburg', 8], ['pinneberg', 8], ['mobile151', 7], ['mobile176', 7]],
  hasloh: [['quickborn', 75], ['hamburg', 10], ['mobile170', 8], ['mobile151', 7]],
  boenningstedt: [['hamburg', 75], ['pinneberg', 8], ['quickborn', 5], ['mobile176', 7], ['mobile170', 5]],
  kaltenkirchen: [['kaltenkirchen', 70], ['henstedtUlzburg', 10], ['badSegeberg', 5], ['mobile151', 8], ['mobile170', 7]],
  'henstedt-ulzburg': [['henstedtUlzburg', 70], ['hamburg', 10], ['kaltenkirchen', 5], ['mobile176', 8], ['mobile151', 7]],
  'bad-bramstedt': [['badBramstedt', 75], ['badSegeberg', 10], ['mobile170', 8], ['mobile176', 7]],
  other: [['pinneberg', 40], ['hamburg', 30], ['mobile151', 30]],
};

/**
 * How much of the traffic each entry gets. Kreis Segeberg's towns are quiet this morning (an
 * eighth of the calls), so that its agents are free to take Kreis Pinneberg's callers in the burst.
 */
const SHARE: Record<string, number> = {
  '115': 35, quickborn: 30, boenningstedt: 20, hasloh: 15,
  kaltenkirchen: 6, 'henstedt-ulzburg': 4, 'bad-bramstedt': 4,
};
const IMPATIENT_SHARE = 0.25;
/** Impatient callers give up after this long without a person on the line; the rest wait. */
const IMPATIENT_MS: readonly [number, number] = [8_000, 45_000];
const PATIENT_MS = 15 * 60_000;

/**
 * A burst of callers at one center, more than its agents can take at once: its callers wait, and
 * the partner center takes those who have waited its partner wait while it has a free agent.
 */
export interface Burst {
  readonly center: CenterKey;
  /** When the first caller of the burst dials, after the morning began. */
  readonly atMs: number;
  readonly count: number;
  /** The number the burst dials ("115" or the town hall's name). */
  readonly target: string;
  readonly spreadMs: number;
}

export interface MorningPlan {
  /** Every caller, in the order they dial. */
  readonly calls: readonly PlannedCall[];
  readonly bursts: readonly Burst[];
}

/** A center of the platform as the plan sees it. */
export interface PlannedCenter {
  readonly key: CenterKey;
  readonly deployment: Deployment;
}

/**
 * Where the two bursts of the morning go: first Kreis Pinneberg's 115 (a letter to every household
 * came out), six more callers than its agents; later Henstedt-Ulzburg's town hall, whose phone nobody
 * answers, three more than Kreis Segeberg's agents. Each burst is spread over a few seconds.
 */
const BURSTS: readonly { center: CenterKey; entry: string; atShare: number; beyondAgents: number; spreadMs: number }[] = [
  { center: 'pinneberg', entry: '115', atShare: 0.2, beyondAgents: 6, spreadMs: 8_000 },
  { center: 'segeberg', entry: 'henstedt-ulzburg', atShare: 0.7, beyondAgents: 3, spreadMs: 6_000 },
];

export function planMorning(centers: readonly PlannedCenter[], opts: { minutes: number; callsPerMinute: number }, random: Random): MorningPlan {
  const targets = centers.flatMap(({ key: center, deployment }) => deployment.entries.map((entry) => {
    const key = entry.kind === '115' ? '115' : entry.townId;
    const town = entry.kind === 'town' ? deployment.towns.find((t) => t.id === entry.townId) : undefined;
    return { entry, key, center, name: town?.name ?? '115', weight: SHARE[key] ?? 5 };
  }));
  type Target = (typeof targets)[number];
  const used = new Set<string>();
  const planned: Omit<PlannedCall, 'label'>[] = [];
  const place = (target: Target, at: number, burst: boolean): void => {
    const area = AREA[random.weighted(CALLERS_OF[target.key] ?? CALLERS_OF['other'] ?? [])] ?? AREA['pinneberg'];
    if (!area) throw new Error('no area codes');
    let from: string;
    do {
      const length = area.digits[0] + Math.floor(random.next() * (area.digits[1] - area.digits[0] + 1));
      // Subscriber numbers never start with 0 (that would be a trunk prefix).
      from = `${area.prefix}${1 + Math.floor(random.next() * 9)}${random.digits(Math.max(0, length - 1))}`;
    } while (used.has(from));
    used.add(from);
    planned.push({
      atMs: Math.round(at),
      to: target.entry.number,
      target: target.entry.kind === '115' ? '115' : target.name,
      townId: target.entry.kind === 'town' ? target.entry.townId : null,
      center: target.center,
      burst,
      from,
      origin: area.place,
      // A caller of a burst waits: that is what makes the burst a queue.
      patienceMs: !burst && random.chance(IMPATIENT_SHARE) ? Math.round(random.between(...IMPATIENT_MS)) : PATIENT_MS,
    });
  };

  const meanGapMs = 60_000 / opts.callsPerMinute;
  const endMs = opts.minutes * 60_000;
  for (let at = random.exponential(meanGapMs); at < endMs; at += random.exponential(meanGapMs)) {
    place(random.weighted(targets.map((t) => [t, t.weight] as const)), at, false);
  }
  const bursts: Burst[] = [];
  for (const b of BURSTS) {
    const target = targets.find((t) => t.center === b.center && t.key === b.entry);
    const agents = centers.find((c) => c.key === b.center)?.deployment.agents.length;
    if (!target || agents === undefined) continue;
    const burst: Burst = { center: b.center, atMs: Math.round(endMs * b.atShare), count: agents + b.beyondAgents, target: target.name, spreadMs: b.spreadMs };
    bursts.push(burst);
    for (let i = 0; i < burst.count; i++) place(target, burst.atMs + (burst.spreadMs * i) / burst.count, true);
  }
  const calls = planned
    .sort((a, b) => a.atMs - b.atMs)
    .map((call, i) => ({ ...call, label: `#${String(i + 1).padStart(2, '0')}` }));
  return { calls, bursts };
}
