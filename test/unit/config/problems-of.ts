import { ConfigError, parseDeployment } from '../../../src/config/index.js';

/** The problems the deployment schema finds in a deployment text, as "path: message"; [] when it is fine. */
export function problemsOf(text: string): string[] {
  try {
    parseDeployment(text, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}
