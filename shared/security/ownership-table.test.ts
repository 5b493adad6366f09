import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownershipMarkdown } from './ownership-table.ts';

describe('docs/security.md', () => {
  it('prints the ownership table the server enforces', () => {
    const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const printed = /<!-- ownership-table:start -->\n([\s\S]*?)\n<!-- ownership-table:end -->/.exec(doc)?.[1];
    expect(printed).toBe(ownershipMarkdown());
  });
});
