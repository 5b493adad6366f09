import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { newRequest } from '../../shared/requests/request-flow.ts';
import { violations } from './axe.ts';
import { expect, readStored, signInAt, SCREENSHOTS, test, userIdOf, writeStraight } from './fixtures.ts';

const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START, viewport: { width: 1366, height: 768 } });

const ROLES = ['operator1', 'sales1', 'supervisor1', 'admin'] as const;

/** Every screen the user's menu offers: axe finds nothing serious or critical, in both languages. */
async function auditEveryScreen(page: Page, username: string, language: 'en' | 'ru', folder = 'ru-1366') {
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
    // Nothing wider than the window: no screen scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) found.push(`${username} · ${language} · ${name}: ${overflow}px wider than the window`);
    if (language === 'ru') {
      await page.screenshot({ path: `${SCREENSHOTS}/${folder}/${username}-${String(i + 1).padStart(2, '0')}.png` });
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
    found.push(...(await auditPanels(page, username, server)));
    // The other laptop width call centres buy: every screen again, looked at in Russian.
    await page.setViewportSize({ width: 1440, height: 900 });
    found.push(...(await auditEveryScreen(page, username, 'ru', 'ru-1440')));
    expect(found).toEqual([]);
  });
}

/** The panels and dialogs each role opens on its screens, in Russian: clean, and looked at. */
async function auditPanels(page: Page, username: string, server: { dataDir: string }): Promise<string[]> {
  const found: string[] = [];
  const nav = page.getByRole('navigation', { name: 'Главное' });
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/ru-1366/${username}-${name}.png` });
  if (username === 'operator1') {
    // A call, its callback wrap-up, the shortcut help and the palette.
    await nav.getByRole('link', { name: 'Звонки', exact: true }).click();
    await page.keyboard.press('n');
    await expect(page.getByRole('region', { name: 'Скрипт' })).toBeVisible();
    await page.keyboard.press('Alt+c');
    const form = page.getByRole('form', { name: 'Итог: Перезвонить' });
    await expect(form).toBeVisible();
    await form.getByLabel(/Время/).fill('07:30');
    found.push(...(await violations(page, `${username} · ru · callback wrap-up`)));
    await shot('callback-form');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Slash');
    await expect(page.getByRole('dialog', { name: 'Горячие клавиши' })).toBeVisible();
    found.push(...(await violations(page, `${username} · ru · shortcut help`)));
    await shot('help');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Быстрый поиск' });
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox').fill('Альфа');
    await expect(palette.getByRole('option').first()).toBeVisible();
    found.push(...(await violations(page, `${username} · ru · palette`)));
    await shot('palette');
    await page.keyboard.press('Escape');
    // A prospect's page with its history.
    await nav.getByRole('link', { name: 'Клиенты', exact: true }).click();
    await page.getByRole('listbox').getByRole('option').first().click();
    await expect(page.getByRole('region', { name: 'История клиента' })).toBeVisible();
    await page.getByRole('region', { name: 'История клиента' }).scrollIntoViewIfNeeded();
    found.push(...(await violations(page, `${username} · ru · prospect`)));
    await shot('prospect');
  }
  if (username === 'sales1') {
    // A request handed over, opened.
    const prospect = readStored(server.dataDir, 'prospects', 'demo-p-000001');
    writeStraight(server.dataDir, 'requests', {
      ...newRequest({
        id: 'a11y-request',
        createdAt: START.getTime(),
        prospectId: String(prospect.id),
        operatorId: userIdOf(server.dataDir, 'operator1'),
        need: 'Алмазная резка проёмов в несущих стенах, 12 проёмов',
      }),
    });
    await nav.getByRole('link', { name: 'Заявки', exact: true }).click();
    await page.getByRole('button', { name: /Алмазная резка проёмов/ }).click();
    await expect(page.getByRole('article', { name: 'Заявка' })).toBeVisible();
    found.push(...(await violations(page, `${username} · ru · request`)));
    await shot('request');
  }
  if (username === 'supervisor1') {
    await nav.getByRole('link', { name: 'Скрипты', exact: true }).click();
    await page.getByRole('button', { name: 'Пробный прогон' }).click();
    await expect(page.getByRole('region', { name: 'Пробный прогон' })).toBeVisible();
    found.push(...(await violations(page, `${username} · ru · script test run`)));
    await shot('test-run');
  }
  return found;
}
