/**
 * Pure rewrites of the dialplan/ configuration for one Asterisk instance. Every rewrite names
 * the section and key it expects and throws if they are missing, so that an edit to dialplan/
 * that breaks the launcher fails at start with a clear message, not as a silent wrong port.
 */

export interface InstanceDirectories {
  /** Asterisk's modules in the root filesystem: Debian keeps them under the architecture's triplet. */
  modules: string;
  etc: string;
  varLib: string;
  spool: string;
  run: string;
  log: string;
  cache: string;
}

/** Debian's layout for everything shared and read-only: sounds, MOH, binaries (modules: see InstanceDirectories). */
const SHARED_DIRECTORIES = {
  astdatadir: '/usr/share/asterisk',
  astagidir: '/usr/share/asterisk/agi-bin',
  astsbindir: '/usr/sbin',
};

/** asterisk.conf of dialplan/ plus a [directories] section pointing at the instance. */
export function withInstanceDirectories(asteriskConf: string, dirs: InstanceDirectories): string {
  if (/^\[directories\]/m.test(asteriskConf)) {
    throw new Error('dialplan/asterisk.conf must not have a [directories] section: the launcher adds its own');
  }
  const lines = [
    '',
    '; Added by test/support/asterisk-config.ts: this instance\'s private directories.',
    '[directories]',
    `astetcdir => ${dirs.etc}`,
    `astvarlibdir => ${dirs.varLib}`,
    `astdbdir => ${dirs.varLib}`,
    `astkeydir => ${dirs.varLib}`,
    `astspooldir => ${dirs.spool}`,
    `astrundir => ${dirs.run}`,
    `astlogdir => ${dirs.log}`,
    `astcachedir => ${dirs.cache}`,
    `astmoddir => ${dirs.modules}`,
    ...Object.entries(SHARED_DIRECTORIES).map(([key, value]) => `${key} => ${value}`),
    '',
  ];
  return asteriskConf.replace(/\s*$/, '\n') + lines.join('\n');
}

/**
 * Replace the value of `key = value` inside `[section]` (a section header may carry a template
 * suffix such as `[agent-1](phone)`). Throws if the section or the key is not there.
 */
export function setValue(text: string, file: string, section: string, key: string, value: string): string {
  const lines = text.split('\n');
  const found = findKey(lines, file, section, key);
  if (!found) throw new Error(`${file}: key ${key} not found in section [${section}]`);
  lines[found.index] = `${found.indent}${key}${found.separator}${value}${found.comment}`;
  return lines.join('\n');
}

/** Set dialplan globals in extensions.conf's [globals], declaring those the sample lacks. */
export function setGlobals(extensionsConf: string, globals: Record<string, string>): string {
  let text = extensionsConf;
  for (const [name, value] of Object.entries(globals)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid dialplan global name: ${name}`);
    const lines = text.split('\n');
    if (findKey(lines, 'extensions.conf', 'globals', name)) {
      text = setValue(text, 'extensions.conf', 'globals', name, value);
    } else {
      const header = lines.findIndex((line) => sectionName(line) === 'globals');
      lines.splice(header + 1, 0, `${name} = ${value}`);
      text = lines.join('\n');
    }
  }
  return text;
}

interface KeyLine {
  index: number;
  indent: string;
  separator: string;
  comment: string;
}

function findKey(lines: string[], file: string, section: string, key: string): KeyLine | undefined {
  const start = lines.findIndex((line) => sectionName(line) === section);
  if (start < 0) throw new Error(`${file}: section [${section}] not found`);
  for (let i = start + 1; i < lines.length && sectionName(lines[i] ?? '') === undefined; i++) {
    const match = /^(\s*)([A-Za-z0-9_/.-]+)(\s*=>?\s*)([^;]*?)(\s*;.*)?$/.exec(lines[i] ?? '');
    if (match && match[2] === key) {
      return { index: i, indent: match[1] ?? '', separator: match[3] ?? ' = ', comment: match[5] ?? '' };
    }
  }
  return undefined;
}

function sectionName(line: string): string | undefined {
  return /^\[([^\]]+)\]/.exec(line)?.[1];
}
