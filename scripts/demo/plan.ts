import type { Deployment } from '../../src/config/index.js';
import type { Random } from '../../test/support/seeded-random.js';

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
};

/** Who calls a number: town halls are called from their own area code mostly. */
const CALLERS_OF: Record<string, readonly (readonly [string, number])[]> = {
  '115': [['pinneberg', 30], ['elmshorn', 20], ['wedel', 12], ['uetersen', 10], ['hamburg', 8], ['quickborn', 8], ['mobile151', 5], ['mobile170', 4], ['mobile176', 3]],
  quickborn: [['quickborn', 70], ['hamburg', 8], ['pinneberg', 8], ['mobile151', 7], ['mobile176', 7]],
  hasloh: [['quickborn', 75], ['hamburg', 10], ['mobile170', 8], ['mobile151', 7]],
  boenningstedt: [['hamburg', 75], ['pinneberg', 8], ['quickborn', 5], ['mobile176', 7], ['mobile170', 5]],
  other: [['pinneberg', 40], ['hamburg', 30], ['mobile151', 30]],
};

/** How much of the traffic each entry gets. */
const SHARE: Record<string, number> = { '115': 35, quickborn: 30, boenningstedt: 20, hasloh: 15 };
const IMPATIENT_SHARE = 0.25;
/** Impatient callers give up after this long without a person on the line; the rest wait. */
const IMPATIENT_MS: readonly [number, number] = [8_000, 45_000];
const PATIENT_MS = 15 * 60_000;

export function planMorning(deployment: Deployment, opts: { minutes: number; callsPerMinute: number }, random: Random): PlannedCall[] {
  const targets = deployment.entries.map((entry) => {
    const key = entry.kind === '115' ? '115' : entry.townId;
    const town = entry.kind === 'town' ? deployment.towns.find((t) => t.id === entry.townId) : undefined;
    return { entry, key, name: town?.name ?? '115', weight: SHARE[key] ?? 15 };
  });
  const meanGapMs = 60_000 / opts.callsPerMinute;
  const endMs = opts.minutes * 60_000;
  const used = new Set<string>();
  const plan: PlannedCall[] = [];
  for (let at = random.exponential(meanGapMs); at < endMs; at += random.exponential(meanGapMs)) {
    const target = random.weighted(targets.map((t) => [t, t.weight] as const));
    const area = AREA[random.weighted(CALLERS_OF[target.key] ?? CALLERS_OF['other'] ?? [])] ?? AREA['pinneberg'];
    if (!area) throw new Error('no area codes');
    let from: string;
    do {
      const length = area.digits[0] + Math.floor(random.next() * (area.digits[1] - area.digits[0] + 1));
      // Subscriber numbers never start with 0 (that would be a trunk prefix).
      from = `${area.prefix}${1 + Math.floor(random.next() * 9)}${random.digits(Math.max(0, length - 1))}`;
    } while (used.has(from));
    used.add(from);
    plan.push({
      label: `#${String(plan.length + 1).padStart(2, '0')}`,
      atMs: Math.round(at),
      to: target.entry.number,
      target: target.entry.kind === '115' ? '115' : target.name,
      townId: target.entry.kind === 'town' ? target.entry.townId : null,
      from,
      origin: area.place,
      patienceMs: random.chance(IMPATIENT_SHARE) ? Math.round(random.between(...IMPATIENT_MS)) : PATIENT_MS,
    });
  }
  return plan;
}
