import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';

/**
 * Chromium with a profile on disk, as a workstation has it: IndexedDB writes go to files (a
 * non-persistent context keeps them in memory, which flatters every figure and hits a quota at 1M
 * rows). The profile is removed when the context closes.
 */
export async function persistentBrowser(
  options: { args?: string[]; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; profile: string; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'leadline-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(options.args ?? []),
    ],
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page on the bench's own page (renderer/bench), ready to be driven; its errors are printed. */
export async function benchPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}/bench.html`);
  await page.waitForSelector('#state[data-ready="true"]');
  return page;
}
