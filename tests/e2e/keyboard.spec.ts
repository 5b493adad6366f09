import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import {
  expect,
  promisedCallback,
  readStored,
  readStoredWhere,
  signInAt,
  SCREENSHOTS,
  test,
  userIdOf,
  writeStraight,
} from './fixtures.ts';

// A Wednesday morning: 10:00 in Moscow, inside the demo lists' calling hours.
const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

/** What the keys type in the Russian (ЙЦУКЕН) layout. */
const RUSSIAN: Record<string, string> = {
  KeyN: 'т',
  KeyR: 'к',
  KeyF: 'а',
  KeyC: 'с',
  KeyA: 'ф',
  KeyB: 'и',
  KeyI: 'ш',
  KeyW: 'ц',
  KeyD: 'в',
  KeyK: 'л',
};
const MODIFIERS = { alt: 1, ctrl: 2 } as const;

/**
 * Presses a key as Chromium reports it with the Russian layout active: `key` is the Cyrillic
 * letter, `code` the physical key. Real (trusted) key events, through the DevTools protocol.
 */
async function pressRussian(cdp: CDPSession, code: string, modifiers: (keyof typeof MODIFIERS)[] = []) {
  const key = RUSSIAN[code] ?? code;
  const mask = modifiers.reduce((m, k) => m | MODIFIERS[k], 0);
  const text = mask === 0 ? key : undefined;
  const vk = code.startsWith('Key') ? code.charCodeAt(3) : 0;
  await cdp.send('Input.dispatchKeyEvent', {
    type: text ? 'keyDown' : 'rawKeyDown',
    key,
    code,
    modifiers: mask,
    windowsVirtualKeyCode: vk,
    ...(text ? { text, unmodifiedText: text } : {}),
  });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, modifiers: mask, windowsVirtualKeyCode: vk });
}

/** Ctrl+Enter, or with `shift` Ctrl+Shift+Enter. */
async function ctrlEnter(cdp: CDPSession, shift = false) {
  const modifiers = shift ? 2 | 8 : 2;
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'rawKeyDown',
    key: 'Enter',
    code: 'Enter',
    modifiers,
    windowsVirtualKeyCode: 13,
  });
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyUp',
    key: 'Enter',
    code: 'Enter',
    modifiers,
    windowsVirtualKeyCode: 13,
  });
}

async function nextCall(page: Page, cdp: CDPSession): Promise<void> {
  await pressRussian(cdp, 'KeyN');
  await expect(page.getByRole('region', { name: 'Script' })).toBeVisible();
}

async function saved(page: Page, outcome: string): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^Saved: ${outcome}`) })).toBeVisible();
}

test('a whole shift of calls by keyboard alone in the Russian layout, every outcome', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const page = await signInAt(browser, server.url, 'operator1', START);
  const cdp = await page.context().newCDPSession(page);
  await expect(page.getByRole('button', { name: /Next call/ })).toBeFocused();

  // Need now: the cursor starts in the need, Enter there adds a line, Ctrl+Enter saves.
  await nextCall(page, cdp);
  await pressRussian(cdp, 'KeyR', ['alt']);
  const need = page.getByRole('form', { name: /^Outcome:/ }).getByLabel('Need', { exact: true });
  await expect(need).toBeFocused();
  await page.keyboard.type('Резка проёмов');
  await page.keyboard.press('Enter');
  await page.keyboard.type('в фундаменте');
  await ctrlEnter(cdp);
  await saved(page, 'Need now');

  // Outcomes with nothing to fill in: Save has the focus, Enter saves.
  for (const [code, label] of [
    ['KeyA', 'No answer'],
    ['KeyB', 'Busy'],
    ['KeyW', 'Wrong number'],
    ['KeyD', 'Do not call'],
  ] as const) {
    await nextCall(page, cdp);
    await pressRussian(cdp, code, ['alt']);
    await expect(page.getByRole('button', { name: /^Save(?! and)/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await saved(page, label);
  }

  // Not interested: the reason has the focus, Enter saves.
  await nextCall(page, cdp);
  await pressRussian(cdp, 'KeyI', ['alt']);
  await page.keyboard.type('Работают с другим подрядчиком');
  await page.keyboard.press('Enter');
  await saved(page, 'Not interested');

  // A callback: tomorrow 10:00 their time is filled in; Enter saves.
  await nextCall(page, cdp);
  await pressRussian(cdp, 'KeyC', ['alt']);
  await page.keyboard.press('Enter');
  await saved(page, 'Call back');

  // A future need: the month is typed, Ctrl+Enter saves from the period field.
  await nextCall(page, cdp);
  await pressRussian(cdp, 'KeyF', ['alt']);
  await page.keyboard.type('06');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('2027');
  await ctrlEnter(cdp);
  await saved(page, 'Future need');

  // Ctrl+K and ? in the Russian layout.
  await pressRussian(cdp, 'KeyK', ['ctrl']);
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Alt+R');
  await page.screenshot({ path: `${SCREENSHOTS}/46-shortcuts.png` });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('Ctrl+Shift+Enter saves the outcome and opens the next call at once', async ({ browser, server }) => {
  const page = await signInAt(browser, server.url, 'operator1', START);
  await page.setViewportSize({ width: 1366, height: 768 });
  const cdp = await page.context().newCDPSession(page);
  const operatorId = userIdOf(server.dataDir, 'operator1');
  const heading = page.getByRole('region', { name: 'Prospect' }).getByRole('heading', { level: 2 });
  const names: string[] = [];
  await nextCall(page, cdp);
  for (let i = 0; i < 3; i++) {
    names.push((await heading.textContent()) ?? '');
    await pressRussian(cdp, 'KeyA', ['alt']);
    const saveNext = page.getByRole('button', { name: /^Save and next call/ });
    await expect(saveNext).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+Enter');
    if (i === 0) await page.screenshot({ path: `${SCREENSHOTS}/47-save-and-next.png` });
    await ctrlEnter(cdp, true);
    // The next prospect's script at once, no idle desk between.
    await expect(heading).not.toHaveText(names[i]!);
    await expect(page.getByRole('region', { name: 'Script' })).toBeVisible();
  }
  names.push((await heading.textContent()) ?? '');
  expect(new Set(names).size).toBe(4);
  // The server has each saved call, and the prospect on the phone is claimed for this operator.
  for (const name of names.slice(0, 3)) {
    const prospect = readStoredWhere(server.dataDir, 'prospects', 'name', name)!;
    await expect
      .poll(() => readStoredWhere(server.dataDir, 'calls', 'prospectId', String(prospect.id))?.outcome)
      .toBe('no_answer');
  }
  const current = readStoredWhere(server.dataDir, 'prospects', 'name', names[3]!)!;
  expect(current.claimedBy).toBe(operatorId);

  // The same wrap-up in Russian at 1366×768: both buttons fit.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
  await pressRussian(cdp, 'KeyA', ['alt']);
  await expect(page.getByRole('button', { name: /^Сохранить и следующий/ })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/47-save-and-next-ru.png` });
});

/** A new Moscow prospect with a phone, from the server's store. */
function newMoscowProspect(dataDir: string): { id: string; name: string } {
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare(
        `SELECT data FROM docs WHERE collection = 'prospects' AND json_extract(data, '$.timeZone') = 'Europe/Moscow'
         AND json_extract(data, '$.status') = 'new' AND json_extract(data, '$.phone') <> '' LIMIT 1`,
      )
      .get() as { data: string };
    return JSON.parse(row.data) as { id: string; name: string };
  } finally {
    db.close();
  }
}

test.describe('calling hours', () => {
  // Wednesday 03:00 UTC: 06:00 in Moscow, already 09:00 and later further east.
  const EARLY = new Date('2027-03-03T03:00:00Z');
  test.use({ serverClock: EARLY });

  test('a callback promised to a Moscow prospect is not offered at 06:00 their time, and is at 09:00', async ({
    browser,
    server,
  }) => {
    const prospect = newMoscowProspect(server.dataDir);
    // Promised (by an older client) for 05:00 their time, long ago.
    writeStraight(
      server.dataDir,
      'callbacks',
      promisedCallback(
        {
          id: 'early-callback',
          prospectId: prospect.id,
          operatorId: userIdOf(server.dataDir, 'operator1'),
          // Oldest of all, so once inside the hours it is the first call offered.
          dueAt: Date.parse('2025-01-15T02:00:00Z'),
          timeZone: 'Europe/Moscow',
          note: 'Перезвонить с утра',
        },
        EARLY.getTime() - 86_400_000,
      ),
    );
    const page = await signInAt(browser, server.url, 'operator1', EARLY);
    const cdp = await page.context().newCDPSession(page);
    await nextCall(page, cdp);
    const card = page.getByRole('region', { name: 'Prospect' });
    await expect(card.getByRole('heading', { level: 2 })).not.toHaveText(prospect.name);
    await pressRussian(cdp, 'KeyA', ['alt']);
    await page.keyboard.press('Enter');
    await saved(page, 'No answer');

    await page.context().clock.fastForward('03:00:00');
    await nextCall(page, cdp);
    await expect(card.getByRole('heading', { level: 2 })).toHaveText(prospect.name);
  });
  test('a supervisor lets a callback come at the time the prospect asked for, outside the hours', async ({
    browser,
    server,
  }) => {
    const prospect = newMoscowProspect(server.dataDir);
    // Asked for 06:30 their time; the desk moved it to 09:00.
    const asked = Date.parse('2027-03-03T03:30:00Z');
    writeStraight(server.dataDir, 'callbacks', {
      ...promisedCallback(
        {
          id: 'asked-early',
          prospectId: prospect.id,
          operatorId: userIdOf(server.dataDir, 'operator1'),
          dueAt: Date.parse('2027-03-03T06:00:00Z'),
          timeZone: 'Europe/Moscow',
          note: 'До начала смены',
        },
        EARLY.getTime() - 86_400_000,
      ),
      askedFor: asked,
      outsideHoursAllowedAt: 0,
    });

    const supervisor = await signInAt(browser, server.url, 'supervisor1', EARLY);
    await supervisor.getByRole('link', { name: 'Callbacks' }).click();
    const line = supervisor.getByRole('row').filter({ hasText: 'До начала смены' });
    await expect(line).toContainText('Asked for 03/03/2027, 06:30 their time, outside the calling hours');
    await line
      .getByRole('button', {
        name: `Allow ${prospect.name}’s callback at the asked time, 03/03/2027, 06:30 their time`,
      })
      .click();
    await expect(line).toContainText('Outside the calling hours, allowed by a supervisor');
    await supervisor.screenshot({ path: `${SCREENSHOTS}/callbacks-allowed.png` });
    await expect
      .poll(() => readStored(server.dataDir, 'callbacks', 'asked-early'))
      .toMatchObject({ dueAt: asked, outsideHoursAllowedAt: asked });

    // An operator cannot give that permission: the button is the supervisor's alone.
    const page = await signInAt(browser, server.url, 'operator1', EARLY);
    await page.getByRole('link', { name: 'Callbacks' }).click();
    const mine = page.getByRole('row').filter({ hasText: 'До начала смены' });
    await expect(mine).toContainText('allowed by a supervisor');
    await expect(mine.getByRole('button', { name: /Back to calling hours|Allow/ })).toHaveCount(0);

    // 06:00: not among the calls offered. 06:31 their time: it comes, after the older due ones.
    await page.getByRole('link', { name: 'Desk' }).click();
    const cdp = await page.context().newCDPSession(page);
    const card = page.getByRole('region', { name: 'Prospect' });
    const offered = async (calls: number): Promise<string[]> => {
      const names: string[] = [];
      for (let i = 0; i < calls; i++) {
        await nextCall(page, cdp);
        const name = (await card.getByRole('heading', { level: 2 }).textContent()) ?? '';
        names.push(name);
        if (name === prospect.name) break;
        await pressRussian(cdp, 'KeyA', ['alt']);
        await page.keyboard.press('Enter');
        await saved(page, 'No answer');
      }
      return names;
    };
    expect(await offered(4)).not.toContain(prospect.name);
    await page.context().clock.fastForward('00:31:00');
    expect(await offered(8)).toContain(prospect.name);
  });
});
