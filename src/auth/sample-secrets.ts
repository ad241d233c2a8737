import { createHash } from 'node:crypto';
import type { ConfigProblem } from '../config/config-error.js';
import type { Person } from '../config/deployment.js';

/**
 * Fingerprints (SHA-256, base64url, 22 characters) of the secret hashes this repository ships:
 * the sample people of config/county.yaml and config/kreis-segeberg.yaml (each secret is
 * `<id>-secret`, written in the docs), the ones it shipped before, the example in
 * docs/configuration.md and the test fixtures' hash. Anyone can read those secrets, so a
 * production engine with one of them lets anyone in. Fingerprints rather than the hashes, so this
 * file does not become one more place to copy a hash from.
 *
 * Keep this complete: test/unit/auth/sample-secrets.test.ts checks it against every `secretHash`
 * in config/ and the sample people.
 */
export const SAMPLE_HASH_FINGERPRINTS: ReadonlySet<string> = new Set([
  'JjhDU6JdFYw2Ww1zEvSNSc',
  'JB3TQskGbod59ZVNnHweSR',
  'udkGWvTUgo-q_WPXDrAfeo',
  'Ed5QW6NyedG_9x1aq62Eoa',
  '1f1NL9c7LKYAM3gZ-gXAhr',
  'GjUSSSnxFgC-fJ-qOFLKX7',
  'BspfH9alIyy_bNgQS1xypX',
  'VFsFBJuXaiRLTDuAlbE599',
  'DiL7r4h1ytwlQtPULujYvj',
  'tKj9ulkz1rfksQVRgAjWnX',
  '6gzCBIx7GrSwF4hwg3HPWt',
  'TA3RV_F5_49zTREomEfj3J',
  '6cmhREJ_0jGvKDa8xZKL3M',
  '_Zqcmn68oZYE9LwKOPse-A',
  'IQDyC9oKL2TLaWoOm5Cvnn',
  'RHU-ydnK2IIsZsf7qeeM2A',
  'e0DC8BzLBy8mVAwGunO1u3',
  'YlTZ1lq8WkDqfI0rlG6cAp',
  'ZWApmJOeOO4V5tRtNsTOjo',
  'GCFt5h0zH-A-ZJ66RrACk0',
  '3R0ktRjZkKmsER2dv4YvWd',
  // config/kreis-segeberg.yaml, the second sample center
  'SuG-IAIJPa8l3J7i8LCHq3',
  'Qx8dUUBn6RfuFUPVaP3wXU',
  '1VGJgtiVGGDxeSq-emsv7m',
  'Qo3F0O46l-K4Hy1FDcaCDT',
  'SG9Ljr_dpr3UvEa6nYR9dw',
  'MoXCIjkmJtYmW_QskaHYj2',
  // the sample platform operator, in both files
  '1KysmD3HS-wykiFtXiTeEw',
]);

export const hashFingerprint = (secretHash: string): string => createHash('sha256').update(secretHash).digest('base64url').slice(0, 22);

/** Whether a secret hash is one of the shipped samples. */
export const isSampleHash = (secretHash: string): boolean => SAMPLE_HASH_FINGERPRINTS.has(hashFingerprint(secretHash));

/**
 * One problem per person whose `secretHash` is a shipped sample, naming the person (never the
 * hash). main.ts refuses to start with any in production and warns in demo and test mode.
 */
export const sampleHashProblems = (deployment: { readonly people: readonly Person[] }): ConfigProblem[] =>
  deployment.people.flatMap((p, i) =>
    isSampleHash(p.secretHash)
      ? [
          {
            path: `people[${i}].secretHash`,
            message: `"${p.id}" has a sample hash shipped with this repository (its secret is public): give them a secret of their own and paste the line printed by \`npm run hash-secret\` (ENGINE_MODE=demo or test accepts the samples, never use them in production)`,
          },
        ]
      : [],
  );
