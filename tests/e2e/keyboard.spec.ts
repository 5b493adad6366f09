import type { CDPSession, Page } from '@playwright/test';
import { expect, signInAt, SCREENSHOTS, test } from './fixtures.ts';

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

async function ctrlEnter(cdp: CDPSession) {
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'rawKeyDown',
    key: 'Enter',
    code: 'Enter',
    modifiers: 2,
    windowsVirtualKeyCode: 13,
  });
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyUp',
    key: 'Enter',
    code: 'Enter',
    modifiers: 2,
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
    await expect(page.getByRole('button', { name: /^Save/ })).toBeFocused();
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
