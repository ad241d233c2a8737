import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../auth/principal.js';
import { INBOX_HEADERS, inboxHtml } from './inbox-page.js';
import { viewOf } from './model.js';
import type { NotesService } from './service.js';
import type { NoteListStatus } from './store.js';
import { describeProblems, parseNewNote } from './validation.js';
import type { FilingLimit } from './filing-limit.js';

/** A preHandler that refuses (401/403 JSON) unless the request's principal has one of the roles: src/auth `requireRole`. */
export type RequireRole = (...roles: Role[]) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface NotesRoutesDeps {
  /** Store, queue and calendar behind one façade (`NotesService`). */
  readonly service: NotesService;
  readonly requireRole: RequireRole;
  /** Whether the principal may see and handle a municipality's notes: src/auth `canSeeTown`. */
  readonly canSeeTown: (principal: Principal | null, town: string) => boolean;
  /** Who sent the request; default `request.principal` (set by src/auth's `authPlugin`). */
  readonly principalOf?: (request: FastifyRequest) => Principal | null;
  /** The county's time zone, for the inbox page. Default Europe/Berlin. */
  readonly timezone?: string;
  /** The inbox page script's URL (src/web/page-scripts.ts `PageScripts.url('inbox')`). */
  readonly inboxScriptUrl: string;
  /**
   * The agent who took a call (null: no such call, or nobody took it). Given, an agent may file a
   * note only about a call they took; left out (tests of the notes alone), any call id passes.
   */
  readonly agentOfCall?: (callId: string) => Promise<string | null>;
  /** How many notes one person may file an hour; left out: no limit. */
  readonly filingLimit?: FilingLimit;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

const STATUSES: readonly NoteListStatus[] = ['open', 'done', 'all'];
const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;

const defaultPrincipalOf = (request: FastifyRequest): Principal | null => (request as unknown as { principal?: Principal | null }).principal ?? null;

/**
 * Callback notes over HTTP (register it: `app.register(notesRoutes, deps)`, so its error handler
 * stays with its routes):
 *
 * - `POST /api/notes` (agent, operator): file a note for any municipality (an agent: about a call
 *   they took, `callId`); 201 with the note; 429 `TOO_MANY_NOTES` past the hourly limit;
 *   400 `BAD_REQUEST` listing every problem (`error.problems`: `{path, message}`);
 * - `GET /api/towns/:town/notes?status=open|done|all&limit=` (that town's staff, operator);
 * - `GET /api/notes/:id` (staff of the note's town, operator; anyone else 404);
 * - `POST /api/notes/:id/done` (staff of the note's town, operator; anyone else 404): closes it and erases the
 *   caller's number; again on a closed note: 200, unchanged;
 * - `GET /towns/:town/inbox` (that town's staff, operator): the inbox page (its script is one of the
 *   engine's page scripts, `GET /assets/:file`).
 *
 * Refusals: 401 `UNAUTHENTICATED` / 403 `FORBIDDEN` as JSON `{ error: { code, message } }`.
 * Answers carrying notes are `Cache-Control: no-store` (they hold personal data).
 */
export function notesRoutes(app: FastifyInstance, deps: NotesRoutesDeps): Promise<void> {
  const { service, requireRole, canSeeTown } = deps;
  const principalOf = deps.principalOf ?? defaultPrincipalOf;
  const municipalities = service.settings.municipalities;
  const municipalityIds = new Set(municipalities.keys());
  const timezone = deps.timezone ?? 'Europe/Berlin';

  const staff = { preHandler: requireRole('town-staff', 'operator') };
  const filers = { preHandler: requireRole('agent', 'operator') };

  const unauthenticated = (reply: FastifyReply) => reply.code(401).send(errorBody('UNAUTHENTICATED', 'sign in first'));
  const notYourTown = (reply: FastifyReply, town: string) =>
    reply.code(403).send(errorBody('FORBIDDEN', `only staff of "${town}" and operators may see or handle its callback notes`));
  const noNote = (reply: FastifyReply, id: string) => reply.code(404).send(errorBody('NOT_FOUND', `no callback note ${id}`));

  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode ?? 500;
    if (status < 500) return reply.code(status).send(errorBody('BAD_REQUEST', err.message));
    request.log.error({ err: { message: err.message, name: err.name } }, 'notes request failed');
    return reply.code(500).send(errorBody('INTERNAL', 'internal error'));
  });

  app.post('/api/notes', filers, async (request, reply) => {
    const principal = principalOf(request);
    if (!principal) return unauthenticated(reply);
    const parsed = parseNewNote(request.body, municipalityIds);
    if (!parsed.ok) {
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: describeProblems(parsed.problems), problems: parsed.problems } });
    }
    const createdBy = principal.role === 'agent' ? principal.agentId : principal.id;
    // An agent files a note about a call they took, not about anyone's: the note carries the call's id into the town's inbox.
    if (principal.role === 'agent' && deps.agentOfCall) {
      const callId = parsed.value.callId;
      const problems = callId === undefined
        ? [{ path: 'callId', message: 'is required: an agent files a note about a call they took' }]
        : (await deps.agentOfCall(callId)) === principal.agentId ? [] : [{ path: 'callId', message: 'must be a call you took' }];
      if (problems.length > 0) return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: describeProblems(problems), problems } });
    }
    if (deps.filingLimit && !(await deps.filingLimit.take(createdBy))) {
      request.log.info({ filer: createdBy }, 'note refused: hourly limit reached');
      return reply.code(429).header('retry-after', '3600').send(errorBody('TOO_MANY_NOTES', 'too many callback notes filed in this hour: try again later'));
    }
    const note = await service.create(parsed.value, createdBy);
    return reply.code(201).header('location', `/api/notes/${note.id}`).send(viewOf(note, service.now()));
  });

  app.get<{ Params: { town: string }; Querystring: { status?: string; limit?: string } }>('/api/towns/:town/notes', staff, async (request, reply) => {
    const { town } = request.params;
    if (!canSeeTown(principalOf(request), town)) return notYourTown(reply, town);
    if (!municipalities.has(town)) return reply.code(404).send(errorBody('NOT_FOUND', `no town ${town}`));
    const status = (request.query.status ?? 'open') as NoteListStatus;
    const problems: string[] = [];
    if (!STATUSES.includes(status)) problems.push(`status must be one of ${STATUSES.join(', ')}`);
    const limitText = request.query.limit ?? String(DEFAULT_LIMIT);
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) problems.push(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    if (problems.length > 0) return reply.code(400).send(errorBody('BAD_REQUEST', problems.join('; ')));
    const now = service.now();
    const notes = await service.list(town, status, limit);
    return { municipality: { id: town, name: municipalities.get(town) }, status, notes: notes.map((n) => viewOf(n, now)) };
  });

  app.get<{ Params: { id: string } }>('/api/notes/:id', staff, async (request, reply) => {
    const note = await service.get(request.params.id);
    // Whoever may not see the note learns nothing of it, not even that it exists.
    if (!note || !canSeeTown(principalOf(request), note.municipality)) return noNote(reply, request.params.id);
    return viewOf(note, service.now());
  });

  app.post<{ Params: { id: string } }>('/api/notes/:id/done', staff, async (request, reply) => {
    const principal = principalOf(request);
    if (!principal) return unauthenticated(reply);
    // Read first: whoever may not see the note must not close it, nor learn more than that.
    const existing = await service.get(request.params.id);
    if (!existing || !canSeeTown(principal, existing.municipality)) return noNote(reply, request.params.id);
    const result = await service.markDone(existing.id, principal.id);
    if (!result) return noNote(reply, request.params.id);
    return viewOf(result.note, service.now());
  });

  app.get<{ Params: { town: string } }>('/towns/:town/inbox', staff, async (request, reply) => {
    const { town } = request.params;
    if (!canSeeTown(principalOf(request), town)) return notYourTown(reply, town);
    const townName = municipalities.get(town);
    if (townName === undefined) return reply.code(404).send(errorBody('NOT_FOUND', `no town ${town}`));
    const now = service.now();
    const notes = (await service.list(town, 'open', MAX_LIMIT)).map((n) => viewOf(n, now));
    return reply.headers(INBOX_HEADERS).send(inboxHtml({ town, townName, timezone, notes, scriptUrl: deps.inboxScriptUrl }));
  });
  return Promise.resolve();
}
