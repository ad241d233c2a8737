import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * docker-compose.yml read the way `docker compose config` reads it, for the checks that run where no
 * Docker engine is: YAML with anchors and merge keys, then every string interpolated from an
 * environment (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `$$`).
 */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const readRepoFile = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  network_mode?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  secrets?: string[];
  volumes?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

/** Thrown for `${VAR:?message}` with VAR unset or empty, as compose stops with the message. */
export class MissingVariable extends Error {
  constructor(readonly variable: string, message: string) {
    super(`required variable ${variable} is missing a value: ${message}`);
  }
}

const PATTERN = /\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}/g;

export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(PATTERN, (whole, name: string | undefined, colon: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === '$$' || name === undefined) return '$';
    const value = env[name];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-') return unset ? (arg ?? '') : value;
    if (op === '?') {
      if (unset) throw new MissingVariable(name, arg ?? '');
      return value;
    }
    return value ?? '';
  });
}

/** Every variable the text interpolates, with what follows its name (`:?…`, `:-…`, or nothing). */
export const variablesOf = (text: string): { name: string; rest: string }[] =>
  [...text.matchAll(/(?<!\$)\$\{(\w+)([^}]*)\}/g)].map((m) => ({ name: m[1] ?? '', rest: m[2] ?? '' }));

const walk = (value: unknown, env: Readonly<Record<string, string>>): unknown => {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => walk(v, env));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, env)]));
  return value;
};

/** The file as written (variables not interpolated), anchors and merge keys resolved. */
export const parseCompose = (text: string): ComposeFile => parse(text, { merge: true }) as ComposeFile;

/** The file as compose runs it with this environment (.env). */
export const renderCompose = (text: string, env: Readonly<Record<string, string>>): ComposeFile => walk(parseCompose(text), env) as ComposeFile;

/** The services a profile starts: those without profiles, and those of the profile. */
export const servicesOf = (compose: ComposeFile, profile?: string): string[] =>
  Object.entries(compose.services).filter(([, s]) => !s.profiles || (profile !== undefined && s.profiles.includes(profile))).map(([name]) => name);
