import type { Logger } from 'pino';
import { AsteriskSet } from './adapters/ari/asterisk-set.js';
import type { AsteriskLink } from './adapters/ari/asterisk-link.js';
import { singleAsterisk } from './adapters/ari/single-asterisk.js';
import { buildHttpServer } from './adapters/http/http-server.js';
import { httpSecurity } from './adapters/http/http-security.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createRedis, RedisAgentStore, RedisCallbackNumbers, RedisCallerHistory, RedisDispositions, RedisCallRecords, RedisCallStore, RedisControllerLock, RedisKeys, RedisLiveQueue, RedisResumablePlaces } from './adapters/redis/index.js';
import { moveUntaggedKeys } from './adapters/redis/key-migration.js';
import { RedisCenterBoard } from './adapters/redis/center-board.js';
import { PartnerExchange } from './app/partner-exchange.js';
import { playingFrom } from './app/center-sounds.js';
import { RecentServiceLevel } from './app/recent-service-level.js';
import { SystemClock } from './adapters/system-clock.js';
import { newCallId } from './adapters/system-ids.js';
import { callerHasher } from './app/caller-hash.js';
import { holdControl, waitForControl } from './app/controller-lease.js';
import { Engine } from './app/engine.js';
import { logFailure } from './app/failure-log.js';
import { callPolicy } from './app/policy.js';
import { readQueue } from './app/queue-view.js';
import { agentRoutes } from './adapters/http/agent-routes.js';
import { canSeeTown, isSampleHash, redisAuth, requireRole, sampleHashProblems } from './auth/index.js';
import { knowledgeEditorRoutes } from './knowledge/editor-routes.js';
import { knowledgeRoutes } from './knowledge/routes.js';
import { startKnowledge } from './knowledge/start.js';
import { MISSES_KEPT } from './knowledge/store.js';
import { suggestionRoutes } from './knowledge/suggestion-routes.js';
import { notesRoutes, notesSummary, startNotes, type Notes } from './notes/index.js';
import { RedisFilingLimit } from './notes/filing-limit.js';
import type { CallId } from './domain/ids.js';
import { serviceLevelRulesOf, StatsReadModel, statsRoutes, UNKNOWN_CALLER_IDS } from './stats/index.js';
import { targetsFor } from './config/service-targets.js';
import { reportsRoutes, startReports } from './reports/index.js';
import { staffingRoutes, staffingTargetOf } from './staffing/index.js';
import { EngineMetrics, metricsRoutes, redisRecordTail } from './metrics/index.js';
import { DeskFeed } from './app/desk-feed.js';
import { deskRoutes } from './desk/index.js';
import { ChangeNotifier, dashboardRoutes } from './dashboard/index.js';
import { platformRoutes } from './platform/routes.js';
import { prefixAttribution } from './app/attribution.js';
import { openingHours } from './app/opening-hours.js';
import { agentSkills, routingFor } from './app/routing.js';
import { videoEntryOf } from './app/entry.js';
import { ConfigError, formatConfigError, loadDeployment, loadEngineSettings, sampleSecretsOf, summarizeDeployment, type Deployment, type EngineSettings } from './config/index.js';
import { createLogger } from './logger.js';
import { buildPageScripts } from './web/page-scripts.js';
import { pageScriptRoutes } from './web/page-script-routes.js';

/** Composition root: builds everything from the settings and the deployment, then runs until a signal. */
async function main(): Promise<void> {
  let settings: EngineSettings;
  let deployment: Deployment;
  try {
    settings = loadEngineSettings(process.env);
    deployment = loadDeployment(settings.configPath);
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(2);
  }
  // People whose secretHash is a shipped sample (their secret is in the docs): production refuses to start.
  const samplePeople = sampleHashProblems(deployment);
  if (samplePeople.length > 0 && settings.mode === 'production') {
    process.stderr.write(`${formatConfigError(new ConfigError(settings.configPath, samplePeople))}\n`);
    process.exit(2);
  }
  const log = createLogger(settings.logLevel);
  if (samplePeople.length > 0) {
    log.warn({ mode: settings.mode, people: deployment.people.filter((p) => isSampleHash(p.secretHash)).map((p) => p.id) }, 'people with sample secret hashes: accepted only in demo and test mode');
  }
  const samples = sampleSecretsOf(settings);
  if (samples.length > 0) log.warn({ mode: settings.mode, samples }, 'running with the shipped sample secrets: fine for a demo or a test, never in production');
  log.info({ config: settings.configPath, deployment: summarizeDeployment(deployment) }, 'starting');
  await run(settings, deployment, log);
}

/** How many recent call records seed the handle-time average at start. */
const HANDLE_TIME_SEED = 50;

async function run(settings: EngineSettings, deployment: Deployment, log: Logger): Promise<void> {
  // The pages' browser code, bundled before anything connects: a script that does not bundle stops the start.
  const pageScripts = await buildPageScripts();
  const redis = createRedis(settings.redis, { name: 'overflow-engine', onError: (err) => log.warn({ err: err.message }, 'redis connection problem') });
  const keys = new RedisKeys(settings.redis.keyPrefix, deployment.serviceCenter.id);
  // Live state written before keys carried the center's hash tag moves once, before anything reads it.
  await moveUntaggedKeys(redis, keys, log.child({ module: 'redis' }));
  // Centers on one platform share Redis: each needs its own key prefix (knowledge, notes and sign-ins live under it).
  const board = new RedisCenterBoard(redis, settings.redis.platformPrefix);
  const holder = await board.claimPrefix(settings.redis.keyPrefix, deployment.serviceCenter.id);
  if (holder !== null) {
    process.stderr.write(`REDIS_PREFIX ${JSON.stringify(settings.redis.keyPrefix)} is already used by center ${holder} on this platform (PLATFORM_PREFIX ${JSON.stringify(settings.redis.platformPrefix)}): give each center's engine its own REDIS_PREFIX\n`);
    process.exit(2);
  }
  const clock = new SystemClock();
  // Ended calls' records and outcomes expire after `retention.callRecordsDays` (reports keep daily aggregates longer).
  const callRetentionMs = deployment.retention.callRecordsDays * 86_400_000;
  const store = new RedisCallStore(redis, keys, { retentionMs: callRetentionMs });
  const queue = new RedisLiveQueue(redis, keys);
  const agents = new RedisAgentStore(redis, keys);
  const ari = asteriskLink(settings, deployment, log.child({ module: 'ari' }), () => clock.now());
  // A center sharing Asterisk with others plays its announcements from its own sounds directory.
  const telephony = playingFrom(deployment.serviceCenter.soundsDirectory, ari.telephony);

  const dispositions = new RedisDispositions(redis, keys, { retentionMs: callRetentionMs });
  const hashCaller = callerHasher(settings.callerHashSalt);
  // Withheld and empty caller ids: never a repeat caller, in the statistics as on the desk.
  const unknownCallerHashes = UNKNOWN_CALLER_IDS.map(hashCaller);
  const agentNames = new Map(deployment.agents.map((a) => [a.id as string, a.name]));
  // The desktop's live view: told about every agent and call change (set once the engine exists).
  let desk: DeskFeed | null = null;
  // The dashboard's live views: told about every call and agent change too.
  const changes = new ChangeNotifier();
  const departments = new Map(deployment.towns.map((t) => [t.id as string, t.departments]));
  // This center's service level lately: what its partner centers check before handing it callers.
  const serviceLevel = new RecentServiceLevel(deployment.serviceCenter.targets.serviceLevel.withinMs);
  // Set once the engine exists (below): the policy asks it for a partner while this center is closed.
  let exchange: PartnerExchange | null = null;
  const engine = new Engine({
    store,
    queue,
    agents,
    telephony,
    clock,
    log,
    // While closed, a partner on the platform may take the callers (read from the exchange's last round).
    policy: { ...callPolicy(deployment, openingHours(deployment)), partnerWhenClosed: (at, municipality) => exchange?.closedTaker(at, municipality) ?? null },
    agentIds: deployment.agents.map((a) => a.id),
    towns: new Set(deployment.towns.map((t) => t.id)),
    newCallId,
    hashCaller,
    callerHistory: new RedisCallerHistory(redis, keys),
    onCallChange: (call) => {
      if (call.phase === 'ended') serviceLevel.addRecord(call);
      desk?.callChanged(call);
      changes.notify();
    },
    onAgentChange: (agent) => {
      desk?.agentChanged(agent);
      changes.notify();
    },
    municipalityOf: prefixAttribution(deployment.towns),
    services: new Set(deployment.entries.flatMap((e) => (e.kind === '115' && e.service ? [e.service] : []))),
    routingOf: routingFor(deployment),
    videoEntry: videoEntryOf(deployment),
    agentSkills: agentSkills(deployment),
    defaultHandleTimeMs: deployment.serviceCenter.defaultHandleTimeMs,
    callbackNumbers: new RedisCallbackNumbers(redis, keys),
    resumablePlaces: new RedisResumablePlaces(redis, keys),
    dispositions,
    wrapUpMs: deployment.serviceCenter.wrapUpMs,
    agentOfEndpoint: new Map(deployment.agents.map((a) => [a.endpoint as string, a.id])),
    departments,
    maxWaitingCalls: deployment.serviceCenter.maxWaitingCalls,
  });
  // The wait estimate starts from the talk times of the last calls, not from nothing.
  for (const call of await new RedisCallRecords(redis, keys).recent(HANDLE_TIME_SEED)) {
    engine.handleTimes.addRecord(call);
    serviceLevel.addRecord(call);
  }

  desk = new DeskFeed({
    agents,
    calls: store,
    clock,
    history: new RedisCallerHistory(redis, keys),
    unknownCallerHashes,
    agentNames,
    townNames: new Map(deployment.towns.map((t) => [t.id as string, t.name])),
    departments,
    serviceOf: () => null,
    partnerNames: new Map(deployment.serviceCenter.partners.map((p) => [p.partner, p.name])),
    pendingOutcome: async (call) => (await dispositions.pending(call.id))?.outcome ?? null,
  });
  let notes: Notes;
  try {
    notes = await startNotes({ redis, redisUrl: settings.redis.url, redisTlsCaFile: settings.redis.tlsCaFile, redisSentinel: settings.redis.sentinel, keyPrefix: settings.redis.keyPrefix, deployment, env: process.env, log: log.child({ module: 'notes' }) });
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    process.exit(2);
  }
  const knowledge = await startKnowledge({ redis, keyPrefix: settings.redis.keyPrefix, deployment, configPath: settings.configPath, board, now: () => clock.now(), log: log.child({ module: 'knowledge' }) });
  // What calls were about (statistics, reports): a topic is a knowledge article, shown by its title.
  const topicTitle = async (id: string): Promise<string | null> => (await knowledge.knowledge.article(id))?.article.title ?? null;
  const stats = new StatsReadModel({
    records: new RedisCallRecords(redis, keys),
    dispositions,
    timezone: deployment.serviceCenter.timezone,
    rules: { wrapUpCapMs: deployment.serviceCenter.wrapUpMs, ...serviceLevelRulesOf(deployment) },
    now: () => clock.now(),
    unknownCallerHashes,
    notesSummary: notesSummary(notes.figures.bind(notes), [deployment.serviceCenter.id, ...deployment.towns.map((t) => t.id)], () => clock.now()),
    log: log.child({ module: 'stats' }),
  });
  // Reports read what is new themselves; this is only the first catch-up.
  await stats.start().catch((err: unknown) => log.warn({ err }, 'statistics: first catch-up failed'));
  // Reports: daily aggregates kept beyond the streams, and the daily aggregate and purge jobs (BullMQ).
  const reports = await startReports({ redis, redisUrl: settings.redis.url, redisTlsCaFile: settings.redis.tlsCaFile, redisSentinel: settings.redis.sentinel, keys, deployment, stats, notes: (m) => notes.figures(m), topicTitle, searchMisses: (month) => knowledge.knowledge.gaps(month, MISSES_KEPT), now: () => clock.now(), log: log.child({ module: 'reports' }) });
  // Prometheus: counters from the records that end from now on, gauges at scrape time.
  const metrics = new EngineMetrics({
    records: redisRecordTail(redis, keys),
    towns: deployment.towns.map((t) => t.id),
    activeCalls: () => store.active(),
    agents: () => agents.all(),
    ariConnected: () => ari.isConnected,
    redisConnected: () => redis.status === 'ready',
    log: log.child({ module: 'metrics' }),
  });
  await metrics.start().catch((err: unknown) => log.warn({ err }, 'metrics: call records not read yet'));
  const http = buildHttpServer({
    log: log.child({ module: 'http' }),
    readiness: async () => ({ ari: ari.isConnected, redis: await redis.ping().then((r) => r === 'PONG', () => false) }),
    queue: () =>
      readQueue({ store, queue, agents, clock, estimate: (position, all) => engine.queueStatus.estimate(position, all) }, new Map(deployment.agents.map((a) => [a.id as string, a.name]))),
    call: (id) => store.get(id),
    currentCallOf: async (agentId) => (await agents.get(agentId))?.callId ?? null,
    security: httpSecurity(settings.http),
    access: { complete: true },
    auth: redisAuth(redis, settings.redis.keyPrefix, deployment.people, { tokenTargets: { agents: deployment.agents.map((a) => a.id), towns: deployment.towns.map((t) => t.id) } }),
    routes: [
      (app) => pageScriptRoutes(app, pageScripts),
      (app) =>
        agentRoutes(app, {
          agents,
          agentService: engine.agentService,
          calls: store,
          dispositions,
          clock,
          agentNames,
          desk: desk,
          transfer: (call, action) => engine.transfer(call, action),
          departments,
          unknownTopics: (ids) => knowledge.knowledge.unknownIds(ids),
          topicsFiled: (municipality, topics, before) => knowledge.suggestions.topicsFiled(municipality, topics, before),
        }),
      (app) =>
        void app.register(notesRoutes, {
          ...notes.routeDeps({ requireRole, canSeeTown, inboxScriptUrl: pageScripts.url('inbox') }),
          agentOfCall: async (id) => (await store.get(id as CallId))?.agentId ?? null,
          filingLimit: new RedisFilingLimit(redis, settings.redis.keyPrefix),
        }),
      (app) => void app.register(knowledgeRoutes, knowledge.routeDeps),
      (app) =>
        knowledgeEditorRoutes(app, {
          knowledge: knowledge.knowledge,
          towns: deployment.towns.map((t) => ({ id: t.id, name: t.name })),
          names: new Map(deployment.people.map((p) => [p.id, p.name])),
          timezone: deployment.serviceCenter.timezone,
          now: () => clock.now(),
          scriptUrl: pageScripts.url('knowledge'),
        }),
      (app) => suggestionRoutes(app, knowledge.suggestionRouteDeps),
      (app) =>
        statsRoutes(app, { stats, timezone: deployment.serviceCenter.timezone, towns: deployment.towns.map((t) => t.id), now: () => clock.now(), topicTitle, targetsOf: (m) => targetsFor(deployment, m) }),
      (app) => reportsRoutes(app, reports.routeDeps()),
      (app) =>
        staffingRoutes(app, {
          figures: (span) => stats.figures(span),
          agents: () => agents.all(),
          activeCalls: () => store.active(),
          defaultHandleTimeMs: deployment.serviceCenter.defaultHandleTimeMs,
          target: staffingTargetOf(deployment.serviceCenter.targets),
          now: () => clock.now(),
          log: log.child({ module: 'staffing' }),
        }),
      (app) => metricsRoutes(app, { metrics }),
      (app) =>
        deskRoutes(app, {
          desk,
          agentNames,
          county: { id: deployment.serviceCenter.id, name: deployment.serviceCenter.name },
          timezone: deployment.serviceCenter.timezone,
          scriptUrl: pageScripts.url('desk'),
          towns: deployment.towns.map((t) => ({ id: t.id, name: t.name })),
        }),
      (app) =>
        dashboardRoutes(app, {
          queue: () => readQueue({ store, queue, agents, clock, estimate: (position, all) => engine.queueStatus.estimate(position, all) }, agentNames),
          stats,
          notes: notesSummary(notes.figures.bind(notes), [deployment.serviceCenter.id, ...deployment.towns.map((t) => t.id)], () => clock.now()),
          changes,
          towns: deployment.towns.map((t) => ({ id: t.id, name: t.name, targets: t.targets })),
          county: { id: deployment.serviceCenter.id, name: deployment.serviceCenter.name },
          partners: deployment.serviceCenter.partners.map((p) => ({ id: p.partner, name: p.name })),
          timezone: deployment.serviceCenter.timezone,
          targets: deployment.serviceCenter.targets,
          now: () => clock.now(),
          log: log.child({ module: 'dashboard' }),
          scriptUrl: pageScripts.url('dashboard'),
        }),
      (app) => platformRoutes(app, { board, center: deployment.serviceCenter.id, partners: deployment.serviceCenter.partners.map((p) => p.partner), timezone: deployment.serviceCenter.timezone, now: () => clock.now() }),
    ],
  });
  await http.listen({ host: settings.http.host, port: settings.http.port });
  log.info({ url: `${settings.http.tls ? 'https' : 'http'}://${settings.http.host}:${settings.http.port}`, allowedHosts: settings.http.allowedHosts }, 'http listening');

  await agents.ensure(deployment.agents.map((a) => a.id), clock.now(), agentSkills(deployment));

  // The 115 network: this center's state on the platform's board, and its waiting callers offered to its partners.
  const townNames = new Map(deployment.towns.map((t) => [t.id as string, t.name]));
  exchange = new PartnerExchange({
    center: deployment.serviceCenter.id,
    name: deployment.serviceCenter.name,
    app: settings.ari.app,
    prefix: settings.redis.keyPrefix,
    partners: deployment.serviceCenter.partners,
    forward: deployment.serviceCenter.forward,
    board,
    queue,
    store,
    agents,
    clock,
    centerOpen: openingHours(deployment).centerOpen,
    serviceLevel,
    targetShare: deployment.serviceCenter.targets.serviceLevel.share,
    estimate: (position, all) => engine.queueStatus.estimate(position, all),
    townName: (id) => townNames.get(id),
    handle: (id, event) => engine.calls.handle(id, event),
    log: log.child({ module: 'partners' }),
  });

  // One engine per ARI application: a second one stands by here until the first stops renewing.
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const lock = new RedisControllerLock(redis, keys.controllerLock(settings.ari.app), owner, settings.controllerLockTtlMs);
  let stopping = false;
  let control: { stop(): void } | undefined = undefined;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: calls stay in Asterisk and Redis for the next start');
    control?.stop();
    await exchange?.stop();
    ari.stop();
    await http.close();
    stats.stop();
    metrics.stop();
    await notes.close().catch((err: unknown) => log.warn({ err }, 'notes did not close cleanly'));
    await reports.close().catch((err: unknown) => log.warn({ err }, 'report jobs did not close cleanly'));
    await engine.stop();
    // Handing over at once: a standby engine need not wait for the lock to expire.
    await lock.release().catch((err: unknown) => log.warn({ err }, 'controller lock not released'));
    await redis.quit();
    log.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));

  if (!(await waitForControl(lock, log, () => stopping))) return;
  control = holdControl(lock, log, (why) => {
    // Another engine may be taking over: stop at once rather than fight over the app.
    log.error({ why }, 'lost control of the ARI application, exiting');
    process.exit(3);
  });

  // Redis back after an outage. Events that could not be applied meanwhile (a hang-up, an agent's
  // phone answering, a registration) are not replayed: the state they would have changed is
  // re-derived from what Asterisk has now, as after an engine restart. Replaying would apply stale
  // events out of their context, and a queue of them in memory would die with the process anyway.
  // The reconcile frees agents whose channels are gone, settles calls whose callers left, bridges
  // legs that answered, and dispatches at once. Reconciles run one after the other.
  let reconciling: Promise<unknown> = Promise.resolve();
  redis.on('ready', () => {
    log.info('redis ready again: reconciling with asterisk');
    reconciling = reconciling
      .then(() => engine.start())
      .then((r) => log.info({ adopted: r.adopted, ended: r.ended, requeued: r.requeued, agentsReleased: r.agentsReleased, strangers: r.strangers.length }, 'reconciled after redis returned'))
      .catch((err: unknown) => log.warn({ err }, 'reconcile after redis returned failed: the next reconnect or start tries again'));
  });
  // Another engine took the ARI application (a standby that could reach Redis when this one could not).
  ari.onReplaced(() => {
    log.error('another engine controls the ARI application now, exiting');
    process.exit(3);
  });
  ari.onEvents((e) => engine.accept(e));
  // Reconciles run one after the other (several Asterisk servers may reconnect at once).
  const reconcile = (): void => {
    reconciling = reconciling
      .then(() => engine.reconcile())
      // Redis away at that moment: the reconcile when it returns does the same work.
      .catch((err: unknown) => logFailure(log, err, {}, 'reconcile failed'));
  };
  ari.onConnected((watch) => {
    watch(deployment.agents.map((a) => a.endpoint as string))
      .then((unknown) => {
        if (unknown.length > 0) log.warn({ endpoints: unknown }, 'agent phones unknown to Asterisk (pjsip.conf): their registrations are not followed');
      })
      .catch((err: unknown) => log.warn({ err }, 'could not subscribe to endpoint events: phone registrations are checked only on reconnect'))
      .then(reconcile, reconcile);
  });
  // Several Asterisk servers: the waiting callers of one out of reach leave the queue until it is
  // back (no agent could be connected to them); one given up takes its calls with it.
  ari.onServerChange((change, name) => {
    if (change === 'lost') return reconcile();
    engine
      .parkOutOfReach()
      .then((parked) => log.info({ asterisk: name, parked }, 'waiting callers of an asterisk out of reach left the queue'))
      .catch((err: unknown) => logFailure(log, err, {}, 'could not park the callers of an asterisk out of reach'));
  });
  await ari.start();
  exchange?.start();
}

/** One Asterisk server, or several behind a SIP proxy (`ARI_URL` lists them). */
function asteriskLink(settings: EngineSettings, deployment: Deployment, log: Logger, now: () => number): AsteriskLink {
  const dial = deployment.serviceCenter;
  if (settings.ari.urls.length === 1) return singleAsterisk(settings.ari, dial, log, now);
  return new AsteriskSet({
    ari: settings.ari,
    urls: settings.ari.urls,
    dial,
    lostAfterMs: settings.asteriskLostAfterMs,
    log,
    now,
    misconfigured: (message) => {
      log.fatal({ why: message }, 'cannot drive these asterisk servers');
      process.stderr.write(`${message}\n`);
      process.exit(2);
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`engine failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
