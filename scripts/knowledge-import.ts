/**
 * Imports service descriptions of the national service catalogue (PVOG search service) into a
 * knowledge directory as draft articles keyed by LeiKa, and shows what changed upstream since the
 * last import. See docs/knowledge-base.md, "Catalogue import (PVOG)".
 *
 *     npm run knowledge:import -- --ars 010560000000 --dry-run
 *     npm run knowledge:import -- --ars 010560000000 --from-file test/fixtures/pvog/kreis-pinneberg.json
 *
 * Exit codes: 0 done, 1 problems in the files or the catalogue failed (nothing written), 2 usage.
 */
import { writeFile } from 'node:fs/promises';
import { loadDeployment } from '../src/config/load-deployment.js';
import { isEngineError } from '../src/errors.js';
import { formatArticleProblem } from '../src/knowledge/article-problem.js';
import { importCatalogue } from '../src/knowledge/catalogue/catalogue-import.js';
import type { CatalogueSource } from '../src/knowledge/catalogue/catalogue-source.js';
import { httpCatalogue } from '../src/knowledge/catalogue/http-catalogue.js';
import { readRecording, recordedCatalogue, recordingOf } from '../src/knowledge/catalogue/recorded-catalogue.js';
import { knowledgeContextOf } from '../src/knowledge/knowledge-context.js';
import { progressLine, summaryLines } from './knowledge-import/summary.js';
import { parseOptions, USAGE, type ImportOptions } from './knowledge-import/options.js';
import { failAs, optionsOrExit } from './lib/cli.js';

const COMMAND = 'knowledge:import';
// Annotated: only a function declared to return never ends control flow for the type checker.
const fail: (message: string, code?: number) => never = failAs(COMMAND);
const options: ImportOptions = optionsOrExit(COMMAND, (argv) => parseOptions(argv, process.env), USAGE);

let deployment;
try {
  deployment = loadDeployment(options.deploymentFile);
} catch (err) {
  if (isEngineError(err, 'CONFIG_INVALID')) fail(err.message);
  throw err;
}
const timeZone = deployment.serviceCenter.timezone;

let source: CatalogueSource;
let saveRecording: (() => Promise<void>) | undefined;
if (options.fromFile !== undefined) {
  try {
    source = recordedCatalogue(await readRecording(options.fromFile), options.fromFile);
  } catch (err) {
    if (isEngineError(err)) fail(err.message);
    throw err;
  }
} else {
  const live = httpCatalogue({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, ...(options.clientId === undefined ? {} : { clientId: options.clientId }) });
  if (options.recordTo === undefined) source = live;
  else {
    const recorder = recordingOf(live, options.ars, Date.now);
    const file = options.recordTo;
    source = recorder.source;
    saveRecording = () => writeFile(file, `${JSON.stringify(recorder.recording(), null, 2)}\n`, 'utf8');
  }
}

process.stderr.write(`Katalogimport (PVOG) für ARS ${options.ars}${options.leika.length > 0 ? `, LeiKa ${options.leika.join(', ')}` : ''} aus ${source.origin}\n`);
const outcome = await importCatalogue({
  dir: options.dir,
  context: knowledgeContextOf(deployment),
  source,
  ars: options.ars,
  leika: options.leika,
  pageSize: options.pageSize,
  dryRun: options.dryRun,
  now: Date.now(),
  timeZone,
  onProgress: (p) => {
    const line = progressLine(p);
    if (line !== undefined) process.stderr.write(`${line}\n`);
  },
});
if (saveRecording !== undefined && (outcome.ok || outcome.stage !== 'catalogue')) {
  await saveRecording();
  process.stderr.write(`Antworten aufgezeichnet: ${options.recordTo}\n`);
}

if (!outcome.ok && outcome.stage === 'files') {
  process.stderr.write(`${options.dir}: ${outcome.problems.length} Problem(e), nichts geschrieben\n`);
  for (const p of outcome.problems) process.stderr.write(`  - ${formatArticleProblem(p)}\n`);
  process.exit(1);
}
if (!outcome.ok) fail(`der Katalog hat nicht geantwortet wie erwartet, nichts geschrieben: ${outcome.error.message}`);
process.stdout.write(`${summaryLines(outcome.fetched, outcome.report, outcome.files, outcome.written, options.dir).join('\n')}\n`);
