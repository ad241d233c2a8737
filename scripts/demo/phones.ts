import type { Deployment } from '../../src/config/index.js';
import { startPhone, type Phone, type PhoneBehaviour } from '../../test/support/sipp-phone.js';
import { randomStream, type Random } from '../../test/support/seeded-random.js';

/**
 * The desk phones of the morning: every center's agents' and town halls'. Each phone draws how
 * it treats its NEXT offer from its own seeded stream (setBehaviour as soon as an offer shows),
 * and hangs up a call it answered after a drawn talk time. A town-hall phone already in a call
 * is busy for another one.
 */
export interface PhonePersona {
  /** How the next offer is treated. */
  nextOffer(random: Random): PhoneBehaviour;
  talkMs(random: Random): number;
  busyWhileTalking: boolean;
}

const agentPersona: PhonePersona = {
  nextOffer: (r) => ({ kind: 'answer', afterMs: Math.round(r.between(1_000, 3_000)) }),
  talkMs: (r) => Math.round(r.between(5_000, 25_000)),
  busyWhileTalking: false,
};

/** A town-hall phone that answers with probability `answer` (within the overflow timeout), is busy with `busy`. */
const townPersona = (timeoutMs: number, p: { answer: number; busy: number }): PhonePersona => ({
  nextOffer(r) {
    const roll = r.next();
    if (roll < p.busy) return { kind: 'busy' };
    // Someone picks up, at 20–75 % of the time the town rings before it overflows.
    if (roll < p.busy + p.answer) return { kind: 'answer', afterMs: Math.round(timeoutMs * r.between(0.2, 0.75)) };
    return { kind: 'never-answer' };
  },
  talkMs: (r) => Math.round(r.between(8_000, 30_000)),
  busyWhileTalking: true,
});

/**
 * Quickborn's two phones answer some calls, Bönningstedt's never, Hasloh's is often busy; in Kreis
 * Segeberg likewise Kaltenkirchen's, Henstedt-Ulzburg's and Bad Bramstedt's.
 */
const TOWN_HABITS: Record<string, { answer: number; busy: number }> = {
  quickborn: { answer: 0.35, busy: 0 },
  boenningstedt: { answer: 0, busy: 0 },
  hasloh: { answer: 0.3, busy: 0.4 },
  kaltenkirchen: { answer: 0.35, busy: 0 },
  'henstedt-ulzburg': { answer: 0, busy: 0 },
  'bad-bramstedt': { answer: 0.3, busy: 0.4 },
};
const DEFAULT_HABIT = { answer: 0.3, busy: 0 };

/** "Quickborn answers some calls, Bönningstedt never, Hasloh is often busy": the towns' habits in words. */
export function townHabits(deployment: Deployment): string {
  return deployment.towns.map((t, i) => {
    const habit = TOWN_HABITS[t.id] ?? DEFAULT_HABIT;
    const name = t.name.replace(/^(Stadt|Gemeinde) /, '');
    const what = habit.answer === 0 ? (i === 0 ? 'answers never' : 'never') : habit.busy >= 0.3 ? 'is often busy' : 'answers some calls';
    return `${name} ${what}`;
  }).join(', ');
}

interface PhoneSpec {
  readonly endpoint: string;
  readonly role: 'agent' | 'town';
  readonly persona: PhonePersona;
}

export interface DemoPhone {
  readonly phone: Phone;
  readonly role: 'agent' | 'town';
}

export interface DemoPhones {
  readonly all: readonly DemoPhone[];
  /** RTP signatures of every phone: a caller hearing one of them talks to a person. */
  readonly signatures: readonly number[];
  stop(): Promise<void>;
}

const TICK_MS = 100;

export async function startDemoPhones(
  deployments: readonly Deployment[],
  target: { sipPort: number; logDir: string },
  seed: number,
  onProgress: (text: string) => void,
): Promise<DemoPhones> {
  const specs: PhoneSpec[] = deployments.flatMap((deployment) => [
    ...deployment.agents.map((a) => ({ endpoint: a.endpoint, role: 'agent' as const, persona: agentPersona })),
    ...deployment.towns.flatMap((t) =>
      t.phones.map((endpoint) => ({
        endpoint,
        role: 'town' as const,
        persona: townPersona(t.overflowTimeoutMs, TOWN_HABITS[t.id] ?? DEFAULT_HABIT),
      })),
    ),
  ]);
  const drivers: PhoneDriver[] = [];
  const started = await Promise.allSettled(specs.map(async (spec) => {
    const driver = await PhoneDriver.start(spec, seed, target);
    drivers.push(driver);
    onProgress(spec.endpoint);
    return driver;
  }));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(drivers.map((d) => d.stop()));
    throw failed.reason;
  }
  const timer = setInterval(() => drivers.forEach((d) => d.tick()), TICK_MS);
  return {
    all: drivers.map((d) => ({ phone: d.phone, role: d.role })),
    signatures: drivers.map((d) => d.phone.rtp.signature),
    async stop() {
      clearInterval(timer);
      await Promise.all(drivers.map((d) => d.stop()));
    },
  };
}

class PhoneDriver {
  private readonly seen = new Set<string>();
  private readonly hangUpsScheduled = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    readonly phone: Phone,
    readonly role: 'agent' | 'town',
    private readonly persona: PhonePersona,
    private readonly random: { offers: Random; talk: Random },
    private next: PhoneBehaviour,
  ) {}

  static async start(spec: PhoneSpec, seed: number, target: { sipPort: number; logDir: string }): Promise<PhoneDriver> {
    // Separate streams: the answer draws do not shift when a call's talk time is drawn earlier or later.
    const random = { offers: randomStream(seed, `phone:${spec.endpoint}:offers`), talk: randomStream(seed, `phone:${spec.endpoint}:talk`) };
    const first = spec.persona.nextOffer(random.offers);
    const phone = await startPhone(target, { endpoint: spec.endpoint, behaviour: first });
    return new PhoneDriver(phone, spec.role, spec.persona, random, first);
  }

  tick(): void {
    let talking = false;
    for (const call of this.phone.calls()) {
      if (!this.seen.has(call.callId)) {
        // This offer took the behaviour set before it; draw the one for the offer after it.
        this.seen.add(call.callId);
        this.next = this.persona.nextOffer(this.random.offers);
      }
      if (call.answeredAt !== undefined && !call.endedAt) {
        talking = true;
        this.hangUpLater(call.callId);
      }
    }
    this.phone.setBehaviour(talking && this.persona.busyWhileTalking ? { kind: 'busy' } : this.next);
  }

  private hangUpLater(callId: string): void {
    if (this.hangUpsScheduled.has(callId)) return;
    this.hangUpsScheduled.add(callId);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // The caller may have hung up first: then there is nothing left to hang up.
      this.phone.hangUp(callId).catch(() => undefined);
    }, this.persona.talkMs(this.random.talk));
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.phone.stop();
  }
}
