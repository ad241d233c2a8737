import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the script cannot use; its message says what was wrong. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs, strict and without positionals, with malformed options as a UsageError. */
export function parseStrict<const O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (err) {
    // parseArgs reports unknown or malformed options only by throwing a TypeError.
    if (err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  }
}

/** Prints `<command>: message` on stderr and exits with code. */
export function failAs(command: string): (message: string, code?: number) => never {
  return (message, code = 1) => {
    process.stderr.write(`${command}: ${message}\n`);
    process.exit(code);
  };
}

/** The parsed options; --help prints the usage and exits 0, a bad command line exits 2 with it. */
export function optionsOrExit<T>(command: string, parse: (argv: readonly string[]) => T | 'help', usage: string): T {
  try {
    const parsed = parse(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) failAs(command)(`${err.message}\n\n${usage}`, 2);
    throw err;
  }
}

/** Whether an executable of that name is on PATH. */
export function onPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // Not in this directory: look in the next one.
      return false;
    }
  });
}
