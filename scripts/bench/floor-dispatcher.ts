/**
 * The floor of the A/B benchmark: a stand-in dispatcher, not the engine. The least an ARI
 * application must do to hand waiting callers to free agents on this Asterisk, so that every run
 * can say how far the engine is from what the stack itself allows (docs/benchmarks.md).
 *
 * One FIFO of waiting callers and one of free agents (freed longest ago first, as the engine's
 * longest idle), in memory: no Redis, no call records, no announcements, no timers of its own
 * (Asterisk's dial timeout stands in for the ring timeout), no reconnect.
 *
 * - A caller enters (StasisStart): into the FIFO, dispatch, then answer and music on hold, as the
 *   engine does for a waiting caller (it answers and plays; its greeting is a sound, then music).
 * - Dispatch: the agent's leg is originated into this app with the caller as originator, the
 *   same one ARI request the engine makes per offer (src/adapters/ari/ari-telephony.ts
 *   originate), so the offer itself costs both the same.
 * - The leg answers (it enters the app: StasisStart): music off, a mixing bridge with both, as
 *   the engine bridges.
 * - Either side leaves the app (StasisEnd), or a leg that never answered is destroyed: the other
 *   is hung up; once the leg is gone the agent is free again and the next caller is offered at
 *   once, before any clean-up request.
 *
 * Run by the benchmark as a child process (scripts/bench/floor-process.ts), so that its CPU is read
 * from its own pid like the engine's. Settings come from the environment: FLOOR_ARI_URL,
 * FLOOR_ARI_USERNAME, FLOOR_ARI_PASSWORD, FLOOR_APP, FLOOR_AGENTS (PJSIP endpoints, comma separated).
 * Tells its parent `ready` over the IPC channel once Asterisk delivers the app's events.
 */
import ari, { type Channel, type Client, type StasisStart } from 'ari-client';

interface Offer {
  readonly caller: string;
  readonly agent: string;
  readonly leg: string;
  answered: boolean;
  /** The caller left before the agent answered: the agent is not to blame, it is free again. */
  cancelled: boolean;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const APP = env('FLOOR_APP');

/** Callers in the app, waiting ones in arrival order. */
const callers = new Set<string>();
const waiting: string[] = [];
/** Agent endpoints free to take a call, freed longest ago first. */
const free: string[] = env('FLOOR_AGENTS').split(',');
const offerOfLeg = new Map<string, Offer>();
const offerOfCaller = new Map<string, Offer>();
let legSeq = 0;

const report = (what: string, err: unknown): void => {
  process.stderr.write(`${new Date().toISOString()} ${what}: ${err instanceof Error ? err.message : String(err)}\n`);
};

function dispatch(client: Client): void {
  while (waiting.length > 0 && free.length > 0) {
    const caller = waiting.shift() as string;
    const agent = free.shift() as string;
    void offer(client, { caller, agent, leg: `floor-${process.pid}-${++legSeq}`, answered: false, cancelled: false });
  }
}

async function offer(client: Client, o: Offer): Promise<void> {
  offerOfLeg.set(o.leg, o);
  offerOfCaller.set(o.caller, o);
  // One request, as the engine: the leg rings with the app subscribed and enters it on answer.
  try {
    await client.channels.originate({ endpoint: `PJSIP/${o.agent}`, app: APP, appArgs: 'leg', channelId: o.leg, originator: o.caller, timeout: 15 });
  } catch (err) {
    // No leg, so nothing will come for it: undo the offer here.
    report(`originate ${o.leg}`, err);
    legGone(client, o);
  }
}

async function connect(client: Client, o: Offer): Promise<void> {
  if (o.answered || o.cancelled) return;
  o.answered = true;
  await client.channels.stopMoh({ channelId: o.caller }).catch((err: unknown) => report(`stop moh ${o.caller}`, err));
  const bridgeId = `${o.leg}-bridge`;
  try {
    await client.bridges.create({ type: 'mixing', bridgeId, name: bridgeId });
    await client.bridges.addChannel({ bridgeId, channel: `${o.caller},${o.leg}` });
  } catch (err) {
    report(`bridge ${bridgeId}`, err);
  }
}

/** The agent's leg is gone (or never came): the agent and the caller go on; the next offer first. */
function legGone(client: Client, o: Offer): void {
  offerOfLeg.delete(o.leg);
  if (offerOfCaller.get(o.caller) === o) offerOfCaller.delete(o.caller);
  const callerUp = callers.has(o.caller);
  if (o.answered || o.cancelled) free.push(o.agent);
  // Rang out or refused: left out, as the engine pauses such an agent (and no hot loop of offers).
  else report(`agent ${o.agent} did not answer`, 'left out for the rest of the run');
  if (callerUp && !o.answered) waiting.unshift(o.caller);
  dispatch(client);
  if (callerUp && o.answered) void client.channels.hangup({ channelId: o.caller }).catch((err: unknown) => report(`hangup ${o.caller}`, err));
  if (o.answered) void client.bridges.destroy({ bridgeId: `${o.leg}-bridge` }).catch((err: unknown) => report(`destroy bridge ${o.leg}`, err));
}

function callerGone(client: Client, caller: string): void {
  callers.delete(caller);
  const at = waiting.indexOf(caller);
  if (at >= 0) waiting.splice(at, 1);
  const o = offerOfCaller.get(caller);
  if (!o) return;
  offerOfCaller.delete(caller);
  if (!o.answered) o.cancelled = true;
  void client.channels.hangup({ channelId: o.leg }).catch((err: unknown) => report(`hangup ${o.leg}`, err));
}

async function main(): Promise<void> {
  // swagger-client (inside ari-client) prints a notice with console.log on connect: not wanted here.
  const log = console.log;
  console.log = () => undefined;
  const client = await ari.connect(env('FLOOR_ARI_URL'), env('FLOOR_ARI_USERNAME'), env('FLOOR_ARI_PASSWORD')).finally(() => (console.log = log));

  client.on('StasisStart', (_event: StasisStart, channel: Channel) => {
    // An originated leg enters the app when the agent answers.
    const answered = offerOfLeg.get(channel.id);
    if (answered) {
      if (answered.cancelled) void client.channels.hangup({ channelId: channel.id }).catch((err: unknown) => report(`hangup ${channel.id}`, err));
      else void connect(client, answered);
      return;
    }
    callers.add(channel.id);
    waiting.push(channel.id);
    dispatch(client);
    void (async () => {
      await client.channels.answer({ channelId: channel.id });
      await client.channels.startMoh({ channelId: channel.id, mohClass: 'default' });
    })().catch((err: unknown) => report(`answer ${channel.id}`, err));
  });
  client.on('ChannelDestroyed', (_event, channel: Channel) => {
    // A leg that never answered never entered the app: its end comes only as this.
    const o = offerOfLeg.get(channel.id);
    if (o && !o.answered) legGone(client, o);
  });
  client.on('StasisEnd', (_event, channel: Channel) => {
    const o = offerOfLeg.get(channel.id);
    if (o) legGone(client, o);
    else if (callers.has(channel.id)) callerGone(client, channel.id);
  });

  await client.start(APP);
  process.send?.('ready');
  process.once('SIGTERM', () => {
    client.stop();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  report('floor dispatcher', err);
  process.exit(1);
});
