import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildResult, type Message } from 'esbuild';
import { EngineError } from '../errors.js';

/**
 * The browser code of the engine's pages, bundled from its TypeScript sources in src/web/client/
 * (type-checked with DOM types by `npm run typecheck`, linted by `npm run lint`) with esbuild, in
 * memory, once when the engine starts: no build step before `npm start`, and a script that does not
 * bundle stops the start instead of serving a broken page. Each bundle is served under a name that
 * carries a hash of its content (`/assets/desk-<hash>.js`), so browsers may keep it for good and a
 * new version is a new URL.
 */

/** The page scripts, each an entry file in src/web/client/. */
export type PageScript = 'desk' | 'dashboard' | 'inbox' | 'knowledge';

const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));

export const PAGE_SCRIPT_SOURCES: Readonly<Record<PageScript, string>> = {
  desk: `${CLIENT_DIR}desk.ts`,
  dashboard: `${CLIENT_DIR}dashboard.ts`,
  inbox: `${CLIENT_DIR}inbox.ts`,
  knowledge: `${CLIENT_DIR}knowledge.ts`,
};

export const ASSETS_PATH = '/assets/';

export interface PageScriptAsset {
  /** `desk-<hash>.js` */
  readonly file: string;
  /** `/assets/desk-<hash>.js` */
  readonly url: string;
  readonly body: string;
}

export interface PageScripts {
  /** Where a page finds its script. */
  url(script: PageScript): string;
  /** A page's bundle. */
  bundle(script: PageScript): PageScriptAsset;
  /** The bundle served under this file name, if any. */
  asset(file: string): PageScriptAsset | undefined;
}

/** The browsers the bundles are written for: current ones, and Firefox's extended-support release. */
const TARGET = ['chrome111', 'edge111', 'firefox115', 'safari16.4'];

const where = (m: Message): string => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '');
const describe = (messages: readonly Message[]): string => messages.map((m) => `${where(m)}${m.text}`).join('; ');

/** esbuild's failure carries its messages; anything else thrown is reported as it is. */
const messagesOf = (err: unknown): readonly Message[] | null =>
  typeof err === 'object' && err !== null && 'errors' in err && Array.isArray(err.errors) ? (err.errors as Message[]) : null;

const failed = (detail: string, cause?: unknown): EngineError =>
  new EngineError('PAGE_SCRIPT_BUNDLE_FAILED', `page scripts could not be bundled (src/web/client/): ${detail}`, undefined, { cause });

/**
 * Bundles every page script (one esbuild run). Rejects with `PAGE_SCRIPT_BUNDLE_FAILED`, naming
 * file, line and column, on any error or warning: a warning from esbuild (a duplicate key, a
 * comparison that is always false) is a bug in code that no test may have run yet.
 */
export async function buildPageScripts(sources: Readonly<Record<PageScript, string>> = PAGE_SCRIPT_SOURCES): Promise<PageScripts> {
  let result: BuildResult<{ write: false }>;
  try {
    result = await build({
      entryPoints: Object.entries(sources).map(([name, path]) => ({ in: path, out: name })),
      outdir: '/page-scripts',
      write: false,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: TARGET,
      minify: true,
      charset: 'utf8',
      legalComments: 'eof',
      tsconfig: `${CLIENT_DIR}tsconfig.json`,
      logLevel: 'silent',
    });
  } catch (err) {
    const messages = messagesOf(err);
    throw failed(messages ? describe(messages) : err instanceof Error ? err.message : String(err), err);
  }
  if (result.warnings.length > 0) throw failed(describe(result.warnings));

  const byFile = new Map<string, PageScriptAsset>();
  const byScript = new Map<PageScript, PageScriptAsset>();
  for (const output of result.outputFiles) {
    const name = basename(output.path, '.js');
    if (!(name in sources)) continue;
    const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
    const file = `${name}-${hash}.js`;
    const asset: PageScriptAsset = { file, url: `${ASSETS_PATH}${file}`, body: output.text };
    byFile.set(file, asset);
    byScript.set(name as PageScript, asset);
  }
  const bundle = (script: PageScript): PageScriptAsset => {
    const asset = byScript.get(script);
    if (asset === undefined) throw failed(`no bundle came out for ${script}`);
    return asset;
  };
  for (const script of Object.keys(sources) as PageScript[]) bundle(script);
  return { url: (script) => bundle(script).url, bundle, asset: (file) => byFile.get(file) };
}
