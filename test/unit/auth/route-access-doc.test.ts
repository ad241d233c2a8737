import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessTableMarkdown } from '../../../src/auth/route-access-doc.js';

describe('docs/security.md', () => {
  it('prints the access table the server enforces, unchanged', () => {
    const doc = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const between = /<!-- route-access:start -->\n([\s\S]*?)\n<!-- route-access:end -->/.exec(doc);
    expect(between, 'docs/security.md has the route-access markers').not.toBeNull();
    // To update: npx tsx -e "import('./src/auth/route-access-doc.ts').then(m => console.log(m.accessTableMarkdown()))"
    expect(between?.[1]).toBe(accessTableMarkdown());
  });
});
