import type { ConfigProblem } from './config-error.js';

/**
 * Secrets this repository ships as samples, for the demo and the tests. Anyone can read them here,
 * so a production engine running with one of them has no secret at all: `loadEngineSettings`
 * refuses them unless `ENGINE_MODE` is `demo` or `test`.
 *
 * Keep these lists complete: test/unit/config/sample-env-secrets.test.ts checks them against
 * dialplan/ari.conf and against every `CALLER_HASH_SALT` value written in the test support, the
 * scripts, the docs and the docker files.
 */

/** The `[engine]` password of dialplan/ari.conf. */
export const SAMPLE_ARI_PASSWORDS: readonly string[] = ['engine-sample-secret'];

/** Salts the test support starts engines with (test/support/engine-process.ts, test/e2e/county-fixture.ts). */
export const SAMPLE_CALLER_HASH_SALTS: readonly string[] = ['test-salt-0123456789abcdef'];

/** The environment variables whose value is one of the shipped samples. Never the values themselves. */
export const sampleSecretsInUse = (secrets: { readonly ariPassword: string; readonly callerHashSalt: string }): readonly SampleSecret[] => [
  ...(SAMPLE_ARI_PASSWORDS.includes(secrets.ariPassword) ? ['ARI_PASSWORD' as const] : []),
  ...(SAMPLE_CALLER_HASH_SALTS.includes(secrets.callerHashSalt) ? ['CALLER_HASH_SALT' as const] : []),
];

export type SampleSecret = 'ARI_PASSWORD' | 'CALLER_HASH_SALT';

const WHAT_TO_DO: Readonly<Record<SampleSecret, string>> = {
  ARI_PASSWORD:
    'is the sample password shipped in dialplan/ari.conf: choose a password of your own (e.g. `openssl rand -base64 32`) and set it both here and as the [engine] password in Asterisk\'s ari.conf',
  CALLER_HASH_SALT:
    'is a sample salt shipped with this repository, so anyone could recompute the caller hashes: set a random salt of your own (e.g. `openssl rand -base64 32`) and keep it stable',
};

/** One CONFIG_INVALID problem per sample secret, for production mode. Messages never contain the value. */
export const sampleSecretProblems = (inUse: readonly SampleSecret[]): ConfigProblem[] =>
  inUse.map((path) => ({ path, message: `${WHAT_TO_DO[path]} (ENGINE_MODE=demo or test accepts the samples, never use them in production)` }));
