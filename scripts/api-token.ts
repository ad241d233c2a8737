/**
 * `npm run api-token -- <command>`: API tokens for `Authorization: Bearer ovr_…`, straight in the
 * engine's Redis; the way to make the first operator's token (later ones also via POST /api/tokens).
 *
 *     npm run -s api-token -- create --name wallboard --role operator [--days 90]
 *     npm run -s api-token -- create --name desk-7 --role agent --agent agent-1
 *     npm run -s api-token -- create --name quickborn-sync --role town-staff --town quickborn
 *     npm run -s api-token -- list
 *     npm run -s api-token -- revoke <id>
 *
 * Reads the engine's environment (REDIS_URL, REDIS_PREFIX, CONFIG, …: run it with the engine's
 * settings) through loadEngineSettings, and the deployment file for the agents and towns a token may
 * be for. `create` prints the token alone on stdout (shown this once), the rest on stderr.
 * Exit 1 when the request has problems or there is no such token, 2 for wrong usage or settings.
 */
import { parseArgs } from 'node:util';
import { createRedis } from '../src/adapters/redis/index.js';
import { parseTokenRequest, RedisApiTokenStore } from '../src/auth/index.js';
import { formatConfigError, loadDeployment, loadEngineSettings } from '../src/config/index.js';

const USAGE = `usage: npm run -s api-token -- create --name <name> --role operator|agent|town-staff [--agent <id>] [--town <id>] [--days <1-365>]
       npm run -s api-token -- list
       npm run -s api-token -- revoke <id>
`;

const main = async (args: readonly string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, agent: { type: 'string' }, town: { type: 'string' }, days: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command) || (command === 'revoke' ? rest.length !== 1 : rest.length !== 0)) {
    process.stderr.write(USAGE);
    return 2;
  }
  let settings;
  let deployment;
  try {
    settings = loadEngineSettings(process.env);
    deployment = loadDeployment(settings.configPath);
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    return 2;
  }
  const redis = createRedis(settings.redis, { name: 'api-token-cli' });
  try {
    const tokens = new RedisApiTokenStore(redis, settings.redis.keyPrefix);
    if (command === 'list') {
      for (const t of await tokens.list()) {
        const who = t.role === 'agent' ? `agent ${t.agentId}` : t.role === 'town-staff' ? `town-staff ${t.town}` : 'operator';
        process.stdout.write(`${t.id}  ${t.name}  ${who}  expires ${new Date(t.expiresAt).toISOString()}  by ${t.createdBy}\n`);
      }
      return 0;
    }
    if (command === 'revoke') {
      const id = rest[0] ?? '';
      if (!(await tokens.revoke(id))) {
        process.stderr.write(`no token ${id}\n`);
        return 1;
      }
      process.stderr.write(`revoked ${id}\n`);
      return 0;
    }
    const body = {
      name: values.name,
      role: values.role,
      ...(values.agent !== undefined ? { agentId: values.agent } : {}),
      ...(values.town !== undefined ? { town: values.town } : {}),
      ...(values.days !== undefined ? { expiresInDays: Number(values.days) } : {}),
    };
    const parsed = parseTokenRequest(body, { agents: deployment.agents.map((a) => a.id), towns: deployment.towns.map((t) => t.id) }, Date.now());
    if (!parsed.ok) {
      for (const p of parsed.problems) process.stderr.write(`  - ${p.path === 'agentId' ? 'agent' : p.path === 'expiresInDays' ? 'days' : p.path}: ${p.message}\n`);
      return 1;
    }
    const { token, info } = await tokens.create({ ...parsed.request, createdBy: 'cli' });
    process.stderr.write(`token ${info.id} "${info.name}" (${info.role}) until ${new Date(info.expiresAt).toISOString()}; shown only now:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
};

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`api-token failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
