import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { deepFreeze } from './deep-freeze.js';
import type { Deployment } from './deployment.js';
import { crossCheckDeployment, type RawProblem } from './deployment-cross-check.js';
import { deploymentErrorMap, deploymentSchema } from './deployment-schema.js';

export type DeploymentValidation =
  | { readonly ok: true; readonly deployment: Deployment }
  | { readonly ok: false; readonly problems: readonly RawProblem[] };

/** Validates already-parsed data (structure and cross-field rules together); the result is frozen. */
export const validateDeployment = (raw: unknown): DeploymentValidation => {
  const parsed = deploymentSchema.safeParse(raw, { errorMap: deploymentErrorMap });
  const problems: RawProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // One line per unknown key, pointing at the key itself: usually a typo of a real option.
        for (const key of issue.keys) problems.push({ path: [...issue.path, key], message: 'unknown option (misspelt?)' });
      } else {
        problems.push({ path: issue.path, message: issue.message });
      }
    }
  }
  problems.push(...crossCheckDeployment(raw));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, deployment: deepFreeze(parsed.data) };
};

/**
 * Parses and validates the text of a deployment file. `source` names it in error messages.
 * Throws a ConfigError (code CONFIG_INVALID) listing every problem, with YAML line numbers.
 */
export const parseDeployment = (text: string, source: string): Deployment => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    // Syntax errors make the tree unreliable: report them alone rather than guess at the schema.
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({ path: '', message: `YAML syntax error: ${e.message}`, ...at(e.pos[0]) })),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new ConfigError(source, [{ path: '', message: 'the file is empty: expected serviceCenter, entries, towns and agents' }]);
  }

  const result = validateDeployment(raw);
  if (result.ok) return result.deployment;

  const problems = result.problems.map((p): ConfigProblem => {
    const offset = locate(doc, p.path);
    return { path: formatPath(p.path), message: p.message, ...(offset === undefined ? {} : at(offset)) };
  });
  throw new ConfigError(source, inFileOrder(problems));
};

/** Reads, parses and validates a deployment file; the result is deeply frozen. */
export const loadDeployment = (path: string): Deployment => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(path, [{ path: '', message: `cannot read the file: ${reason}` }], { cause: err });
  }
  return parseDeployment(text, path);
};

/** Offset of the deepest node that exists along `path`: a missing field points at its parent. */
const locate = (doc: Document, path: readonly (string | number)[]): number | undefined => {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
};

const inFileOrder = (problems: readonly ConfigProblem[]): ConfigProblem[] => {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.path}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((p, index) => ({ p, index }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.index - b.index)
    .map(({ p }) => p);
};
