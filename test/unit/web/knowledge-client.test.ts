/**
 * The parts of the knowledge editors' page script that need no page: reading and changing an
 * article's text, naming imported files, and the ZIP of the export (read back entry by entry,
 * checked against Node's CRC-32, and tested by the system's `unzip` where there is one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { folderOfText, idOfText, importNameOf, isArticleFileName, withStatus } from '../../../src/web/client/knowledge/article-text.js';
import { crc32, zipTextFiles } from '../../../src/web/client/knowledge/zip.js';
import { zipEntries } from '../../support/zip-entries.js';

const ARTICLE = `id: reisepass
kind: service
status: published
title: Reisepass beantragen
answer: >-
  Den Reisepass beantragen Sie persönlich.
  status: kein Feld, nur Text
sections:
  hasloh:
    office: Bürgerbüro der Gemeinde Hasloh
`;

describe('an article’s text', () => {
  it('its id, kind and folder come from the top-level lines only', () => {
    expect(idOfText(ARTICLE)).toBe('reisepass');
    expect(idOfText('id: "hund-anmelden"  # Dateiname\nkind: service')).toBe('hund-anmelden');
    expect(idOfText('title: ohne Kennung\n  id: eingerückt')).toBeNull();
    expect(idOfText('id:\nkind: service')).toBeNull();
    expect(folderOfText(ARTICLE)).toBe('articles');
    expect(folderOfText('id: hasloh\nkind: town-facts\nmunicipality: hasloh')).toBe('towns');
    expect(folderOfText("id: hasloh\nkind: 'town-facts' # Ortsartikel")).toBe('towns');
  });

  it('retiring sets the top-level status and leaves everything else as it was', () => {
    const retired = withStatus(ARTICLE, 'retired');
    expect(retired).toBe(ARTICLE.replace('status: published', 'status: retired'));
    expect(retired).toContain('  status: kein Feld, nur Text');
    expect(withStatus('id: x\nkind: topic\ntitle: T\n', 'retired')).toBe('id: x\nkind: topic\nstatus: retired\ntitle: T\n');
    expect(withStatus('id: x\n', 'retired')).toBe('status: retired\nid: x\n');
  });

  it('an imported file goes where its folder says, else town facts under towns/, the rest under articles/', () => {
    expect(importNameOf('reisepass.yaml', '', ARTICLE)).toBe('articles/reisepass.yaml');
    expect(importNameOf('hasloh.yaml', '', 'id: hasloh\nkind: town-facts\n')).toBe('towns/hasloh.yaml');
    expect(importNameOf('hasloh.yaml', 'knowledge/towns/hasloh.yaml', ARTICLE)).toBe('towns/hasloh.yaml');
    expect(importNameOf('reisepass.yaml', 'export/articles/reisepass.yaml', 'kind: town-facts')).toBe('articles/reisepass.yaml');
    expect(importNameOf('hasloh.yaml', 'meine-dateien/hasloh.yaml', 'id: hasloh\nkind: town-facts\n')).toBe('towns/hasloh.yaml');
    expect(['a.yaml', 'b.YML', 'README.md', '.hidden.yaml', 'x.yaml.bak'].filter(isArticleFileName)).toEqual(['a.yaml', 'b.YML']);
  });
});

describe('the export ZIP', () => {
  const files = [
    { name: 'articles/reisepass.yaml', text: ARTICLE },
    { name: 'towns/bönningstedt-ü.yaml', text: 'id: x\nanswer: Größe, Maße, Straße\n' },
    { name: 'articles/leer.yaml', text: '' },
  ];

  it('holds every file under its name (UTF-8) with its exact text and CRC-32', () => {
    const zip = zipTextFiles(files, new Date(2026, 11, 10, 9, 30, 14));
    const entries = zipEntries(zip);
    expect(entries.map((e) => [e.name, e.text])).toEqual(files.map((f) => [f.name, f.text]));
    for (const e of entries) {
      expect(e.crc).toBe(nodeCrc32(Buffer.from(e.text, 'utf8')));
      expect(e.flags & 0x0800).toBe(0x0800);
    }
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('an empty export is an empty archive', () => {
    expect(zipEntries(zipTextFiles([], new Date(2026, 0, 1)))).toEqual([]);
  });

  // Article ids are ASCII slugs; Debian's unzip lists other names by its own code page.
  it.runIf(existsSync('/usr/bin/unzip'))('unzip tests it clean and lists the folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'knowledge-zip-'));
    try {
      const path = join(dir, 'wissensdatenbank.zip');
      writeFileSync(path, zipTextFiles(files, new Date(2026, 11, 10, 9, 30, 14)));
      expect(execFileSync('/usr/bin/unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
      const listing = execFileSync('/usr/bin/unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n');
      expect(listing.filter((name) => name.startsWith('articles/'))).toEqual(['articles/reisepass.yaml', 'articles/leer.yaml']);
      expect(listing).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
