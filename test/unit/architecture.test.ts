/**
 * The layering of DESIGN.md, checked on the source: dependencies point inward
 * (domain ← app ← adapters ← main), config/ is read by everyone and reads nothing above it, and no
 * two modules in src/ or scripts/ import each other, directly or around a loop.
 *
 * Imports are read with TypeScript's own pre-processor, so `import type`, `export … from` and
 * dynamic `import()` all count; package imports are left to ESLint (eslint.config.js).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Repository-relative path with forward slashes: `src/config/env.ts`. */
const rel = (abs: string): string => relative(ROOT, abs).split(sep).join('/');

function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...tsFilesUnder(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The repository files `file` imports by a relative path (`./x.js` is the source `./x.ts`). */
function relativeImportsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const target = resolve(ROOT, dirname(file), fileName);
    const candidates = [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts'), target];
    out.push(rel(candidates.find((c) => existsSync(c)) ?? target.replace(/\.js$/, '.ts')));
  }
  return out;
}

const importsOf = (file: string): string[] => relativeImportsOf(file, readFileSync(join(ROOT, file), 'utf8'));

/** `src/config/x.ts` imports `src/auth/y.ts`, for every import that breaks `allowed`. */
function violations(layer: string, allowed: (target: string) => boolean): string[] {
  return tsFilesUnder(layer).flatMap((file) => importsOf(file).filter((t) => !allowed(t)).map((t) => `${file} imports ${t}`));
}

const under = (dir: string) => (path: string): boolean => path.startsWith(`${dir}/`);

describe('layers (DESIGN.md: dependencies point inward)', () => {
  it('src/config imports nothing from src/auth', () => {
    expect(violations('src/config', (t) => !under('src/auth')(t))).toEqual([]);
  });

  it('src/config imports only config, the domain and the error codes', () => {
    expect(violations('src/config', (t) => under('src/config')(t) || under('src/domain')(t) || t === 'src/errors.ts')).toEqual([]);
  });

  it('src/domain imports only the domain (no app, adapters, config, I/O)', () => {
    expect(violations('src/domain', under('src/domain'))).toEqual([]);
  });

  it('src/app imports nothing from src/adapters or main.ts', () => {
    expect(violations('src/app', (t) => !under('src/adapters')(t) && t !== 'src/main.ts')).toEqual([]);
  });

  it('the check sees every form of import', () => {
    const text = [
      "import { isSecretHash } from '../auth/secret-hash.js';",
      "import type { Principal } from '../auth/principal.js';",
      "export { requireRole } from '../auth/index.js';",
      "const later = () => import('../auth/sessions.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(relativeImportsOf('src/config/example.ts', text)).toEqual(['src/auth/secret-hash.ts', 'src/auth/principal.ts', 'src/auth/index.ts', 'src/auth/sessions.ts']);
  });
});

/** Every import cycle reachable from `roots`, each as the files around it (depth-first search over `importsOf`). */
function cyclesFrom(roots: readonly string[], importsOf: (file: string) => readonly string[]): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of importsOf(file)) {
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const root of roots) if (!state.has(root)) visit(root);
  return cycles;
}

describe('import cycles', () => {
  it('none in src/ and scripts/ (type-only imports included)', () => {
    const roots = [...tsFilesUnder('src'), ...tsFilesUnder('scripts')];
    // Imports may lead out of src/ and scripts/ (test/support): followed too, so a loop through them counts.
    const cycles = cyclesFrom(roots, (file) => (existsSync(join(ROOT, file)) ? importsOf(file) : []));
    expect(cycles.map((c) => c.join(' → '))).toEqual([]);
  });

  it('the search finds a loop, also one around several files or a file importing itself', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c', 'd'], c: ['a'], d: [], e: ['e'] };
    expect(cyclesFrom(Object.keys(graph), (f) => graph[f] ?? [])).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
  });
});
