import { EngineError, isEngineError } from '../errors.js';

/** One thing wrong with the configuration. `path` is written like `towns[1].overflowTimeoutSec` or `ARI_PASSWORD`. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  /** 1-based position in the YAML file, when the problem can be pinned to one. */
  readonly line?: number;
  readonly column?: number;
}

export interface ConfigErrorDetails {
  /** The file or source that was checked, e.g. "config/county.yaml" or "environment". */
  readonly source: string;
  readonly problems: readonly ConfigProblem[];
}

/**
 * A `CONFIG_INVALID` EngineError that lists every problem at once. Its `message` is already the
 * full multi-line report, so printing `err.message` is enough; `format()` returns the same text.
 */
export class ConfigError extends EngineError {
  override readonly details: ConfigErrorDetails;

  constructor(source: string, problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const details: ConfigErrorDetails = Object.freeze({ source, problems: Object.freeze([...problems]) });
    super('CONFIG_INVALID', renderProblems(details), details, options);
    this.details = details;
  }

  get problems(): readonly ConfigProblem[] {
    return this.details.problems;
  }

  format(): string {
    return this.message;
  }
}

const renderProblems = ({ source, problems }: ConfigErrorDetails): string => {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => {
    const position = p.line === undefined ? '' : `line ${p.line}${p.column === undefined ? '' : `, column ${p.column}`}`;
    const where = p.path === '' ? position : position === '' ? p.path : `${p.path} (${position})`;
    return where === '' ? `  - ${p.message}` : `  - ${where}: ${p.message}`;
  });
  return [`invalid configuration in ${source}: ${count}`, ...lines].join('\n');
};

/** `['towns', 1, 'overflowTimeoutSec']` → `towns[1].overflowTimeoutSec`. */
export const formatPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/**
 * The text main.ts and the check-config CLI print before exiting non-zero. Falls back to the
 * message (or a string) for anything that is not a config error, never to a stack of zod internals.
 */
export const formatConfigError = (err: unknown): string => {
  if (err instanceof ConfigError) return err.format();
  if (isEngineError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
};
