import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, signInAt, SCREENSHOTS, test } from './fixtures.ts';

const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START, viewport: { width: 1366, height: 768 } });

const ROLES = ['operator1', 'sales1', 'supervisor1', 'admin'] as const;

async function violations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Every screen the user's menu offers: axe finds nothing serious or critical, in both languages. */
async function auditEveryScreen(page: Page, username: string, language: 'en' | 'ru') {
  const nav = page.getByRole('navigation', { name: language === 'ru' ? 'Главное' : 'Main' });
  const links = await nav.getByRole('link').all();
  const names = await Promise.all(links.map((l) => l.innerText()));
  const found: string[] = [];
  for (const [i, name] of names.entries()) {
    await nav.getByRole('link').nth(i).click();
    await expect(page.locator('main').first()).toBeVisible();
    await page.waitForTimeout(300);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(
        `${username} · ${language} · ${name}: ${v.id} (${v.impact}) ${v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join(' ') ?? ''} ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
      );
    }
    if (language === 'ru') {
      await page.screenshot({ path: `${SCREENSHOTS}/ru-1366/${username}-${String(i + 1).padStart(2, '0')}.png` });
    }
  }
  return found;
}

for (const username of ROLES) {
  test(`every screen of ${username} passes axe at 1366×768, in English and Russian`, async ({ browser, server }) => {
    test.setTimeout(180_000);
    const page = await signInAt(browser, server.url, username, START);
    const found = await auditEveryScreen(page, username, 'en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    found.push(...(await auditEveryScreen(page, username, 'ru')));
    if (username === 'supervisor1') {
      // The list panels, open: above the table, nothing covered, and clean too.
      await page
        .getByRole('navigation', { name: 'Главное' })
        .getByRole('link', { name: 'Списки', exact: true })
        .click();
      await page
        .getByRole('button', { name: /^Настройка списка: / })
        .first()
        .click();
      await expect(page.getByRole('form', { name: 'Настройка списка' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Списки обзвона' })).toBeVisible();
      found.push(...(await violations(page, `${username} · ru · list editor`)));
      await page.screenshot({ path: `${SCREENSHOTS}/ru-1366/supervisor1-list-edit.png`, fullPage: true });
      await page.getByRole('button', { name: 'Импорт файла' }).click();
      const wizard = page.getByRole('region', { name: /Импорт/ });
      found.push(...(await violations(page, `${username} · ru · import`)));
      await page.screenshot({ path: `${SCREENSHOTS}/ru-1366/supervisor1-import.png` });
      await wizard.getByRole('button', { name: 'Закрыть' }).click();
      await expect(wizard).toBeHidden();
    }
    expect(found).toEqual([]);
  });
}
