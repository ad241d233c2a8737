import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AgentService } from '../../app/agent-service.js';
import { FILED_OUTCOMES, type Dispositions } from '../../app/dispositions.js';
import type { DeskFeed } from '../../app/desk-feed.js';
import type { AgentStore, CallStore, Clock } from '../../app/ports.js';
import { canActAsAgent, requireRole, sendForbidden, type Principal } from '../../auth/index.js';
import { AGENT_PAUSE_REASONS, type AgentState } from '../../domain/agent.js';
import type { Call } from '../../domain/call.js';
import type { AgentId, CallId } from '../../domain/ids.js';

export type TransferAction = { kind: 'request'; department: string; mode: 'warm' | 'blind'; town?: string } | { kind: 'complete' } | { kind: 'cancel' };

export interface AgentRoutesDeps {
  /** Carries out a transfer step on a call; false when the call or department is unknown. */
  readonly transfer: (call: CallId, action: TransferAction) => Promise<boolean>;
  /** Each town's departments, for the desktop's transfer menu. */
  readonly departments: ReadonlyMap<string, readonly { readonly id: string; readonly name: string }[]>;
  readonly agents: AgentStore;
  readonly agentService: AgentService;
  readonly calls: CallStore;
  readonly dispositions: Dispositions;
  readonly clock: Clock;
  /** Agent ids of the deployment, with names. */
  readonly agentNames: ReadonlyMap<string, string>;
  /** The agent's live desktop view. */
  readonly desk: DeskFeed;
  /** Server-sent events: a comment this often keeps idle connections open through proxies. */
  readonly keepAliveMs?: number;
  /** Of these article ids, the ones the knowledge base does not have; left out: any id passes. */
  readonly unknownTopics?: (ids: readonly string[]) => Promise<string[]>;
  /**
   * An outcome was filed with `topics`, replacing one filed with `before` (none: the first):
   * counts what callers from the call's municipality (null: the county) ask about.
   */
  readonly topicsFiled?: (municipality: string | null, topics: readonly string[], before: readonly string[]) => Promise<void>;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });
const principalOf = (req: { principal?: unknown }): Principal | null => (req.principal as Principal | null | undefined) ?? null;

const pauseBody = z.object({ reason: z.enum(AGENT_PAUSE_REASONS as [string, ...string[]]) }).strict();
const outcomeBody = z
  .object({
    outcome: z.enum(FILED_OUTCOMES),
    department: z.string().trim().min(1).max(120).optional(),
    noteId: z.string().trim().min(1).max(120).optional(),
    // The knowledge articles the call was about (its topic), at most a few.
    topics: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be an article id')).max(5).optional(),
  })
  .strict();

const transferBody = z
  .object({ department: z.string().trim().min(1), mode: z.enum(['warm', 'blind']).default('warm'), town: z.string().trim().min(1).optional() })
  .strict();

/** zod's problems as one sentence each, with the field they are about. */
const problems = (err: z.ZodError): string => err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * The agent's own state (log in, ready, pause with a reason, log out) and the outcome of the
 * agent's call. An agent acts only for themself; an operator for anyone.
 */
export function agentRoutes(app: FastifyInstance, d: AgentRoutesDeps): void {
  const agentRole = { preHandler: requireRole('agent', 'operator') };
  // Open desk streams would keep the server from closing: they are ended first (the page reconnects).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const raw of streams) raw.end();
    streams.clear();
    done();
  });

  /** The agent, if the caller may act for them; otherwise the reply is already sent. */
  const allowed = async (principal: Principal | null, id: string, reply: FastifyReply): Promise<AgentState | null> => {
    if (!d.agentNames.has(id)) {
      await reply.code(404).send(errorBody('NOT_FOUND', `no agent ${id}`));
      return null;
    }
    if (!canActAsAgent(principal, id)) {
      await sendForbidden(reply, 'an agent may change only their own state');
      return null;
    }
    const state = await d.agents.get(id as AgentId);
    if (!state) {
      await reply.code(404).send(errorBody('NOT_FOUND', `agent ${id} has no state yet`));
      return null;
    }
    return state;
  };

  const view = (a: AgentState) => ({ ...a, name: d.agentNames.get(a.id) ?? null });

  app.get<{ Params: { id: string } }>('/api/agents/:id', agentRole, async (req, reply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    return state ? view(state) : reply;
  });

  app.get<{ Params: { id: string } }>('/api/agents/:id/desk', agentRole, async (req, reply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    if (!state) return reply;
    return d.desk.view(state.id);
  });

  // Server-sent events: the desk view now, and again after every change the agent would notice.
  app.get<{ Params: { id: string } }>('/api/agents/:id/events', agentRole, async (req, reply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    if (!state) return reply;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let sending = false;
    let again = false;
    const send = async (): Promise<void> => {
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      try {
        do {
          again = false;
          const view = await d.desk.view(state.id);
          if (!raw.destroyed) raw.write(`event: desk\ndata: ${JSON.stringify(view)}\n\n`);
        } while (again && !raw.destroyed);
      } catch (err) {
        req.log.warn({ err, agentId: state.id }, 'desk view not sent');
      } finally {
        sending = false;
      }
    };
    streams.add(raw);
    const unsubscribe = d.desk.subscribe(state.id, () => void send());
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), d.keepAliveMs ?? 20_000);
    keepAlive.unref();
    raw.on('close', () => {
      streams.delete(raw);
      unsubscribe();
      clearInterval(keepAlive);
    });
    await send();
  });

  app.post<{ Params: { id: string } }>('/api/agents/:id/ready', agentRole, async (req, reply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    if (!state) return reply;
    if (state.status === 'offered' || state.status === 'busy') return reply.code(409).send(errorBody('ON_A_CALL', 'on a call: ready again after it'));
    const after = await d.agentService.ready(state.id);
    return after ? view(after) : reply.code(404).send(errorBody('NOT_FOUND', `no agent ${state.id}`));
  });

  // Logging in is being ready for calls; logging out and pausing take the agent out of dispatch.
  app.post<{ Params: { id: string } }>('/api/agents/:id/login', agentRole, async (req, reply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    if (!state) return reply;
    if (state.status !== 'logged-out') return view(state);
    const after = await d.agentService.ready(state.id);
    return after ? view(after) : reply;
  });

  const away = (status: 'paused' | 'logged-out') => async (req: { params: { id: string }; body: unknown; principal?: unknown }, reply: FastifyReply) => {
    const state = await allowed(principalOf(req), req.params.id, reply);
    if (!state) return reply;
    let reason: AgentState['pauseReason'] = null;
    if (status === 'paused') {
      const body = pauseBody.safeParse(req.body ?? {});
      if (!body.success) return reply.code(400).send(errorBody('BAD_REQUEST', `${problems(body.error)} (reasons: ${AGENT_PAUSE_REASONS.join(', ')})`));
      reason = body.data.reason as AgentState['pauseReason'];
    }
    if (!(await d.agentService.away(state.id, status, reason))) return reply.code(409).send(errorBody('ON_A_CALL', 'on a call: finish it first'));
    const after = await d.agents.get(state.id);
    return after ? view(after) : reply;
  };
  app.post<{ Params: { id: string } }>('/api/agents/:id/pause', agentRole, away('paused'));
  app.post<{ Params: { id: string } }>('/api/agents/:id/logout', agentRole, away('logged-out'));

  app.get<{ Params: { town: string } }>('/api/towns/:town/departments', { preHandler: requireRole() }, async (req, reply) => {
    const list = d.departments.get(req.params.town);
    if (!list) return reply.code(404).send(errorBody('NOT_FOUND', `no town ${req.params.town}`));
    return list.map((dep) => ({ id: dep.id, name: dep.name }));
  });

  /** The call, if the caller is its agent (or an operator) and an agent talks in it; otherwise the reply is sent. */
  const ownCall = async (principal: Principal | null, id: string, reply: FastifyReply): Promise<Call | null> => {
    const call = await d.calls.get(id as CallId);
    if (!call?.agentId) {
      await reply.code(404).send(errorBody('NOT_FOUND', `no call ${id} answered by an agent`));
      return null;
    }
    if (!canActAsAgent(principal, call.agentId)) {
      await sendForbidden(reply, 'only the agent who took the call can transfer it');
      return null;
    }
    if (call.phase !== 'connected' || call.peer?.kind !== 'agent') {
      await reply.code(409).send(errorBody('NOT_TALKING', 'the agent is not talking with the caller'));
      return null;
    }
    return call;
  };

  app.post<{ Params: { id: string } }>('/api/calls/:id/transfer', agentRole, async (req, reply) => {
    // Whose call it is first: someone else's agent learns nothing, not even what the body should be.
    const call = await ownCall(principalOf(req), req.params.id, reply);
    if (!call) return reply;
    const body = transferBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send(errorBody('BAD_REQUEST', problems(body.error)));
    if (call.transfer) return reply.code(409).send(errorBody('TRANSFER_IN_PROGRESS', 'a transfer is already in progress'));
    const ok = await d.transfer(call.id, { kind: 'request', department: body.data.department, mode: body.data.mode, ...(body.data.town ? { town: body.data.town } : {}) });
    if (!ok) return reply.code(404).send(errorBody('NOT_FOUND', `no department ${body.data.department} for this call's town`));
    return reply.code(202).send((await d.calls.get(call.id))?.transfer ?? null);
  });

  for (const step of ['complete', 'cancel'] as const) {
    app.post<{ Params: { id: string } }>(`/api/calls/:id/transfer/${step}`, agentRole, async (req, reply) => {
      const call = await ownCall(principalOf(req), req.params.id, reply);
      if (!call) return reply;
      if (!call.transfer) return reply.code(409).send(errorBody('NO_TRANSFER', 'no transfer in progress'));
      await d.transfer(call.id, { kind: step });
      const after = await d.calls.get(call.id);
      return { peer: after?.peer ?? null, transfer: after?.transfer ?? null, transfers: after?.transfers ?? [] };
    });
  }

  app.post<{ Params: { id: string } }>('/api/calls/:id/outcome', agentRole, async (req, reply) => {
    const call: Call | null = await d.calls.get(req.params.id as CallId);
    if (!call?.agentId) return reply.code(404).send(errorBody('NOT_FOUND', `no call ${req.params.id} answered by an agent`));
    if (!canActAsAgent(principalOf(req), call.agentId)) return sendForbidden(reply, 'only the agent who took the call files its outcome');
    const body = outcomeBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send(errorBody('BAD_REQUEST', problems(body.error)));
    const unknownTopics = d.unknownTopics ? await d.unknownTopics(body.data.topics ?? []) : [];
    if (unknownTopics.length > 0) return reply.code(400).send(errorBody('BAD_REQUEST', `topics: no article ${unknownTopics.join(', ')}`));
    const agent = await d.agents.get(call.agentId);
    const open = agent !== null && agent.callId === call.id && (agent.status === 'busy' || agent.status === 'wrap-up');
    if (!open) return reply.code(409).send(errorBody('WRAP_UP_OVER', 'the wrap-up of this call is over: its outcome is final'));
    // Read before the new one replaces it: the counts change only by what this filing changed.
    // The desk files one action at a time, so two filings of one call do not cross here.
    const before = d.topicsFiled ? await d.dispositions.pending(call.id) : null;
    const disposition = { callId: call.id, agentId: call.agentId, ...body.data, at: d.clock.now() };
    await d.dispositions.file(disposition);
    if (d.topicsFiled) {
      // The outcome is filed: a count that fails is logged, not the agent's problem.
      await d.topicsFiled(call.municipality, body.data.topics ?? [], before?.topics ?? []).catch((err: unknown) => req.log.warn({ err, callId: call.id }, 'call topics not counted'));
    }
    return reply.code(200).send(disposition);
  });
}
