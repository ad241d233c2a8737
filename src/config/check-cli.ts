/**
 * `npm run check-config -- path/to/deployment.yaml`
 * Validates a deployment file without starting anything. Exit 0 and a one-line summary when it is
 * valid; exit 1 and the full problem list on stderr when it is not; exit 2 on wrong usage.
 */
import { formatConfigError } from './config-error.js';
import { summarizeDeployment } from './deployment.js';
import { loadDeployment } from './load-deployment.js';

const main = (args: readonly string[]): number => {
  const [path, ...extra] = args;
  if (path === undefined || extra.length > 0 || path === '--help' || path === '-h') {
    process.stderr.write('usage: npm run check-config -- path/to/deployment.yaml\n');
    return 2;
  }
  try {
    const deployment = loadDeployment(path);
    process.stdout.write(`ok: ${path}: ${summarizeDeployment(deployment)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${formatConfigError(err)}\n`);
    return 1;
  }
};

// exitCode rather than process.exit(): lets stdout/stderr drain when they are pipes.
process.exitCode = main(process.argv.slice(2));
