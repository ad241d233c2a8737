import type { RouteAccess } from '../../src/auth/route-access.js';
import type { Random } from '../support/seeded-random.js';

/** One malformed request: what it tries, as whom, and exactly what is sent. */
export interface FuzzRequest {
  readonly what: string;
  readonly as: 'nobody' | 'operator' | 'operator-token' | 'agent';
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Bodies that are not JSON at all, or JSON of the wrong shape and types. */
const BAD_JSON = ['{', '{"reason":', '}{', '[1,2', 'nul', '"\\ud800"', '{"a":1,}', "{'a':1}", '\u0000', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}'];
const WRONG_TYPES = [
  'null',
  '[]',
  '"text"',
  '123',
  'true',
  '{"reason":5}',
  '{"reason":["break"]}',
  '{"outcome":{"x":1}}',
  '{"outcome":"resolved","department":42}',
  '{"department":null,"mode":"loud"}',
  '{"mode":"warm"}',
  '{"municipality":7,"name":[],"topic":{},"text":true}',
  '{"municipality":"quickborn","name":"A","topic":"B","text":"C","callerNumber":"0410612345"}',
  '{"municipality":"../../etc","name":"A","topic":"B","text":"C"}',
  '{"id":123,"secret":null}',
  '{"id":"teamlead","secret":{"$ne":""}}',
  '{"name":"x","role":"root"}',
  '{"name":"","role":"operator","expiresInDays":-1}',
  '{"name":"t","role":"agent","agentId":"nobody","expiresInDays":1e309}',
  '{"reason":"break","extra":"field"}',
];
const UNICODE = ['ä', 'Ω', '\u202e', '🙂', '\uFEFF', 'a\u0301', '𝔘𝔫𝔦', '\u2028', 'İ', 'ß'];
const PATH_TRICKS = [
  '/api/notes/%2e%2e/%2e%2e/etc/passwd',
  '/api/notes/..%2f..%2fetc%2fpasswd',
  '//api/queue',
  '/api//queue',
  '/api/queue/',
  '/API/QUEUE',
  '/api/queue;x=1',
  '/api/queue%00',
  '/api/queue%',
  '/api/calls/%ff%fe',
  '/api/calls/%E2%80%AE',
  '/api/agents/agent-1/../../queue',
  '/desk/../dashboard',
  '/towns/%2e%2e/inbox',
  '/api/calls/' + 'a'.repeat(4_000),
  '/api/reports.csv/..',
  '/metrics?x=' + '%'.repeat(50),
  '/login?next=//evil.example',
  '/login?next=/%0d%0aSet-Cookie:x=1',
  '/login?next=a&next=b',
];
const QUERIES = [
  '?from=2026-13-45&to=2026-00-00',
  '?from=9999-99-99',
  '?month=2026-02&from=2026-02-01',
  '?interval=<script>alert(1)</script>',
  '?municipality=../../all',
  '?municipality=all&municipality=quickborn',
  '?status=closed&limit=-1',
  '?limit=99999999999999999999',
  '?section=all;drop',
  '?agent=agent-1&agent=agent-2',
  '?date=2026-02-30',
  '?next=javascript:alert(1)',
  '?__proto__[x]=1',
  '?a[b][c][d]=1',
  '?' + 'x=1&'.repeat(500),
];

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * `count` malformed requests drawn with `random` across every route of the access table: bad JSON,
 * wrong types, huge and deeply nested bodies, repeated parameters, unicode, path tricks, wrong
 * methods and content types, broken credentials. The same seed draws the same requests.
 */
export function malformedRequests(random: Random, opts: { readonly count: number; readonly routes: readonly RouteAccess[]; readonly targets: { readonly callId: string } }): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  // Signing out would end the session the other requests use: only nobody calls it.
  const routes = opts.routes;
  const idFor = (url: string): string => {
    const garbage = random.pick([random.pick(UNICODE), '%00', '..', '%2e%2e', "' OR 1=1 --", '<img src=x>', '${7*7}', '-1', '0'.repeat(200), 'agent-1', opts.targets.callId]);
    return url.replace(/:[a-z]+/g, () => encodeURIComponent(garbage).replace(/%25/g, random.chance(0.5) ? '%' : '%25'));
  };
  const kinds = ['bad-json', 'wrong-types', 'huge', 'nested', 'repeated', 'unicode', 'path', 'method', 'content-type', 'credentials'] as const;
  for (let i = 0; i < opts.count; i++) {
    const route = random.pick(routes);
    const kind = kinds[i % kinds.length]!;
    const as = route.method === 'POST' && route.url === '/logout' ? 'nobody' : random.pick(['nobody', 'operator', 'operator-token', 'agent'] as const);
    const base = { as, method: route.method, path: idFor(route.url), headers: {} as Record<string, string> };
    const what = `#${i} ${kind} ${route.method} ${route.url}`;
    switch (kind) {
      case 'bad-json':
        out.push({ ...base, what, method: route.method === 'GET' ? 'POST' : route.method, headers: JSON_TYPE, body: random.pick(BAD_JSON) });
        break;
      case 'wrong-types':
        out.push({ ...base, what, method: route.method === 'GET' ? 'POST' : route.method, headers: JSON_TYPE, body: random.pick(WRONG_TYPES) });
        break;
      case 'huge':
        out.push({ ...base, what, method: 'POST', headers: JSON_TYPE, body: `{"text":"${'x'.repeat(random.pick([70_000, 1_100_000, 5_000_000]))}"}` });
        break;
      case 'nested':
        out.push({ ...base, what, method: 'POST', headers: JSON_TYPE, body: random.chance(0.5) ? nested(random.pick([1_000, 10_000, 30_000])) : nestedObject(random.pick([1_000, 5_000, 10_000])) });
        break;
      case 'repeated':
        out.push({ ...base, what, path: `${base.path}${random.pick(QUERIES)}` });
        break;
      case 'unicode':
        out.push({ ...base, what, headers: JSON_TYPE, ...(route.method !== 'GET' ? { body: JSON.stringify({ reason: random.pick(UNICODE), name: random.pick(UNICODE).repeat(300), text: random.pick(UNICODE) }) } : {}) });
        break;
      case 'path':
        out.push({ ...base, what, method: random.pick(['GET', 'POST', 'HEAD']), path: random.pick(PATH_TRICKS) });
        break;
      case 'method':
        out.push({ ...base, what, method: random.pick(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']), headers: JSON_TYPE, body: '{}' });
        break;
      case 'content-type':
        out.push({
          ...base,
          what,
          method: 'POST',
          headers: { 'content-type': random.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', 'application/xml', '']) },
          body: random.pick(['a=1&b=2', '--x\r\n\r\n--x--', '{"reason":"break"}', '<x/>']),
        });
        break;
      case 'credentials':
        out.push({
          ...base,
          what,
          as: 'nobody',
          headers: random.pick<Record<string, string>>([
            { authorization: 'Bearer x:y' },
            { authorization: 'Bearer ovr_0123456789ab_' + 'A'.repeat(43) },
            { authorization: 'Bearer ' + 'ovr_'.repeat(2_000) },
            { authorization: 'Basic dGVhbWxlYWQ6dGVhbWxlYWQtc2VjcmV0' },
            { cookie: 'ovr_session=' + 'A'.repeat(43) },
            { cookie: 'ovr_session=;;;=;ovr_session=%00' },
            { cookie: `ovr_session=${'x'.repeat(6_000)}` },
            // Latin-1 beyond ASCII: what a client can put into a header at all.
            { authorization: 'Bearer ' + random.pick(['ä', 'ÿ', '\u00a0', 'ß']) },
          ]),
        });
        break;
    }
  }
  return out;
}
