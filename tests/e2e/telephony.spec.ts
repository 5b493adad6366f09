import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Page } from '@playwright/test';
import { phoneKey } from '../../shared/calling/phone.ts';
import { nameKey } from '../../shared/calling/search.ts';
import { startSipTestBed, type SipTestBed } from '../support/sip.ts';
import { violations } from './axe.ts';
import { AppPage } from './pages/app-page.ts';
import { DeskPage } from './pages/desk-page.ts';
import {
  expect,
  PASSWORD,
  readStored,
  readStoredWhere,
  SCREENSHOTS,
  test,
  userIdOf,
  writeStraight,
} from './fixtures.ts';

/**
 * Calls placed by the app, against a real SIP test bed (Kamailio, rtpengine, baresip from Debian's
 * packages): Chromium's softphone registers over WebSocket, dials through the dial plan, the
 * prospects' phones answer with a tone, answer busy, or never answer.
 */

// A Wednesday, 10:00 in Moscow: inside the calling hours.
const START = new Date('2027-03-03T07:00:00Z');
test.use({
  serverClock: START,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-quic',
      // A microphone that plays a beep, granted without asking: the operator's headset.
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

/** The prospects' numbers as the PBX dials them: national format, trunk prefix 8. */
const ANSWERS = '84951110001';
const BUSY = '84951110002';
const NEVER = ['84951110003', '84951110004'];
const LIST = 'tel-list';
const RING_SECONDS = 10;

let bed: SipTestBed;
test.beforeAll(async () => {
  bed = await startSipTestBed({ answers: [ANSWERS], busy: [BUSY], never: NEVER, ringMs: 1_500 });
  await bed.ready();
});
test.afterAll(() => bed?.stop());

/**
 * The company's PBX in the settings, a list dialled progressively (3 s after each wrap-up) with four
 * prospects in a known order, and nothing else due for the operator.
 */
function prepare(dataDir: string, operatorId: string): string[] {
  const settings = readStored(dataDir, 'settings', 'global');
  writeStraight(dataDir, 'settings', {
    ...settings,
    updatedAt: START.getTime(),
    telephony: {
      wsUrl: bed.wsUrl,
      domain: bed.domain,
      iceServers: [],
      dialPlan: {
        outsidePrefix: '',
        keepPlus: false,
        homeCountryCode: '7',
        nationalPrefix: '8',
        internationalPrefix: '810',
      },
      recordingTemplate: 'https://pbx.example.com/rec/{date}/{callId}.wav',
      ringSeconds: RING_SECONDS,
    },
  });
  const list = readStored(dataDir, 'callLists', 'demo-list-1');
  writeStraight(dataDir, 'callLists', {
    ...list,
    id: LIST,
    name: 'Телефония: автонабор',
    priority: 100,
    assigneeIds: [operatorId],
    autoDialSeconds: 3,
  });
  const template = readStored(dataDir, 'prospects', 'demo-p-000001');
  const ids = [ANSWERS, BUSY, ...NEVER].map((dial, i) => {
    const id = `tel-p-${i + 1}`;
    const e164 = `+7${dial.slice(1)}`;
    writeStraight(dataDir, 'prospects', {
      ...template,
      id,
      name: `ООО «Звонок ${i + 1}»`,
      nameKey: nameKey(`ООО «Звонок ${i + 1}»`),
      phone: e164,
      phoneKey: phoneKey(e164),
      phoneExt: '',
      taxId: '',
      timeZone: 'Europe/Moscow',
      status: 'new',
      sourceListId: LIST,
      ownerId: '',
      claimedBy: '',
      claimedUntil: 0,
      attempts: 0,
      lastCallAt: i + 1,
      nextCallAt: 0,
      createdAt: START.getTime() - 3_600_000,
      updatedAt: START.getTime() - 3_600_000,
    });
    return id;
  });
  // The demo's callbacks would come first: they are done here.
  const db = new DatabaseSync(path.join(dataDir, 'leadline.sqlite'), { readOnly: true });
  const callbacks = db.prepare("SELECT data FROM docs WHERE collection = 'callbacks'").all() as { data: string }[];
  db.close();
  for (const row of callbacks) {
    const cb = JSON.parse(row.data) as Record<string, unknown>;
    writeStraight(dataDir, 'callbacks', { ...cb, done: true, doneAt: START.getTime() - 60_000 });
  }
  return ids;
}

async function phoneLogin(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Phone: sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Phone' });
  await dialog.getByLabel('SIP login (extension)').fill('1001');
  await dialog.getByLabel('SIP password').fill('desk-secret');
  await expect(dialog.getByText('Kept for this session only')).toBeVisible();
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('button', { name: 'Phone ready' })).toBeVisible();
}

test('the desk dials, hears the prospect, keeps the call events; busy and unanswered calls suggest their outcome; progressive dialing pauses', async ({
  page,
  context,
  browser,
  server,
}) => {
  test.setTimeout(150_000);
  const operatorId = userIdOf(server.dataDir, 'operator1');
  const connectSources = async () =>
    /connect-src ([^;]+)/.exec((await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '')?.[1];
  expect(await connectSources()).toBe("'self'");
  const [answers, busy, never, fourth] = prepare(server.dataDir, operatorId);
  // The page may open exactly the PBX's WebSocket, now that the settings name it.
  expect(await connectSources()).toBe(`'self' ${bed.wsUrl}`);
  await context.clock.install({ time: START });
  await context.clock.resume();
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('operator1', PASSWORD);
  await expect(app.syncStatus).toContainText('Synced');
  await phoneLogin(page);
  // The supervisor watches the floor, in Russian.
  const watching = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await watching.clock.install({ time: START });
  await watching.clock.resume();
  const floor = await watching.newPage();
  const supervisor = new AppPage(floor);
  await supervisor.open(server.url);
  await supervisor.login('supervisor1', PASSWORD);
  await floor.getByRole('combobox', { name: 'Language' }).selectOption('ru');
  await floor.getByRole('navigation', { name: 'Главное' }).getByRole('link', { name: 'Зал' }).click();
  const desk = new DeskPage(page);
  const phone = page.getByRole('region', { name: 'Phone' });

  // 1. N takes the call and dials it: the phone rings, answers with a tone, the clock counts talk time.
  await page.getByRole('link', { name: 'Desk' }).click();
  await page.keyboard.press('n');
  await expect(desk.card.getByRole('heading', { level: 2 })).toHaveText('ООО «Звонок 1»');
  await expect(phone.getByRole('status')).toContainText(/Dialling 84951110001|Ringing/);
  await expect(phone.getByRole('status')).toContainText('Talking', { timeout: 15_000 });
  const level = phone.getByRole('meter', { name: 'Prospect’s sound level' });
  await expect
    .poll(async () => Number(await level.getAttribute('data-level')), { timeout: 10_000 })
    .toBeGreaterThan(0.05);
  await page.screenshot({ path: `${SCREENSHOTS}/60-softphone-talking.png` });
  await expect(phone.getByRole('timer')).toHaveText('00:03', { timeout: 10_000 });
  await page.keyboard.press('Alt+h');
  await expect(phone.getByRole('status')).toContainText('Call ended');
  expect(await violations(page, 'call screen with the softphone')).toEqual([]);
  let form = await desk.outcome('i');
  await form.getByLabel('Reason').fill('Уже есть поставщик');
  // 2. Save and next: the next prospect dials by itself after the list's pause, and answers busy.
  await page.keyboard.press('Control+Shift+Enter');
  await expect(desk.card.getByRole('heading', { level: 2 })).toHaveText('ООО «Звонок 2»');
  await expect(phone.getByText(/Dialling in \d s/)).toBeVisible();
  await expect(phone.getByText(/The network said: Busy \(486\)\. Busy is suggested/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: /^Busy/ })).toHaveClass(/outcomes__btn--suggested/);
  await page.screenshot({ path: `${SCREENSHOTS}/61-softphone-busy-suggested.png` });
  form = await desk.outcome('b');
  await page.keyboard.press('Control+Shift+Enter');
  // 3. A phone that rings and rings: hung up after the ring time, "No answer" is suggested.
  await expect(desk.card.getByRole('heading', { level: 2 })).toHaveText('ООО «Звонок 3»');
  await expect(phone.getByRole('status')).toContainText('Ringing', { timeout: 10_000 });
  // The floor shows the ring from the call's own events.
  const operatorRow = floor.getByRole('row', { name: /Анна Смирнова/ });
  await expect(operatorRow).toContainText('Идёт вызов', { timeout: 8_000 });
  await floor.screenshot({ path: `${SCREENSHOTS}/63-floor-ringing-ru.png` });
  await expect(phone.getByText(/The network said: No answer \(487\)\. No answer is suggested/)).toBeVisible({
    timeout: (RING_SECONDS + 10) * 1000,
  });
  await expect(page.getByRole('button', { name: /^No answer/ })).toHaveClass(/outcomes__btn--suggested/);
  await desk.outcome('a');
  await page.keyboard.press('Control+Shift+Enter');
  // 4. Progressive dialing stops on "pause": the countdown goes, nothing is dialled.
  await expect(desk.card.getByRole('heading', { level: 2 })).toHaveText('ООО «Звонок 4»');
  await expect(phone.getByText(/Dialling in \d s/)).toBeVisible();
  await page.keyboard.press('Alt+p');
  await expect(phone.getByText('Progressive dialing paused')).toBeVisible();
  await page.waitForTimeout(4_500);
  await expect(phone.getByRole('status').first()).toHaveText('Not dialled yet');
  await page.screenshot({ path: `${SCREENSHOTS}/62-softphone-paused.png` });
  // "Skip": the prospect is left for someone else (its claim released) and the next one comes up.
  await page.keyboard.press('Alt+s');
  await expect(desk.card.getByRole('heading', { level: 2 })).not.toHaveText('ООО «Звонок 4»');
  await expect.poll(() => readStored(server.dataDir, 'prospects', fourth!).claimedBy, { timeout: 15_000 }).toBe('');

  // What the server holds: each call with its events, the answered one with 3 ± 1 s of talk.
  await expect
    .poll(() => readStoredWhere(server.dataDir, 'calls', 'prospectId', never!)?.outcome, { timeout: 15_000 })
    .toBe('no_answer');
  const talked = readStoredWhere(server.dataDir, 'calls', 'prospectId', answers!) as {
    outcome: string;
    dial: Record<string, unknown>;
  };
  expect(talked.outcome).toBe('not_interested');
  expect(talked.dial).toMatchObject({ number: ANSWERS, sipCode: 200, hangupBy: 'operator' });
  expect(Math.abs(Number(talked.dial.talkSeconds) - 3)).toBeLessThanOrEqual(1);
  expect(String(talked.dial.sipCallId).length).toBeGreaterThan(8);
  expect(Number(talked.dial.answeredAt)).toBeGreaterThan(Number(talked.dial.dialledAt));
  const busyCall = readStoredWhere(server.dataDir, 'calls', 'prospectId', busy!) as { outcome: string; dial: object };
  expect(busyCall).toMatchObject({
    outcome: 'busy',
    dial: { number: BUSY, sipCode: 486, answeredAt: 0, talkSeconds: 0 },
  });
  const unanswered = readStoredWhere(server.dataDir, 'calls', 'prospectId', never!) as {
    dial: Record<string, unknown>;
  };
  expect(unanswered.dial).toMatchObject({ sipCode: 487, answeredAt: 0, hangupBy: 'operator' });
  expect(Number(unanswered.dial.endedAt) - Number(unanswered.dial.dialledAt)).toBeGreaterThanOrEqual(
    RING_SECONDS * 1000,
  );
  expect(readStoredWhere(server.dataDir, 'calls', 'prospectId', fourth!)).toBeNull();
  expect(bed.answered()).toBe(1);

  // The supervisor finds the answered call in the prospect's history, with its recording at the PBX.
  await floor.getByRole('navigation', { name: 'Главное' }).getByRole('link', { name: 'Клиенты' }).click();
  await floor.getByRole('searchbox').fill('Звонок 1');
  await floor.getByRole('option', { name: /Звонок 1/ }).click();
  const history = floor.getByRole('region', { name: 'История клиента' });
  await expect(history).toContainText(/разговор 0:0[234] · положил оператор/);
  const recording = history.getByRole('link', { name: 'Запись' });
  await expect(recording).toHaveAttribute(
    'href',
    `https://pbx.example.com/rec/2027-03-03/${encodeURIComponent(String(talked.dial.sipCallId))}.wav`,
  );
  await recording.scrollIntoViewIfNeeded();
  await floor.screenshot({ path: `${SCREENSHOTS}/64-history-recording-ru.png` });
  await watching.close();
});

test('calls in are turned away; during a call: tones reach the far end’s menu, hold and resume keep the call and its sound, mute', async ({
  page,
  context,
  server,
}) => {
  prepare(server.dataDir, userIdOf(server.dataDir, 'operator1'));
  await context.clock.install({ time: START });
  await context.clock.resume();
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('operator1', PASSWORD);
  await phoneLogin(page);
  // A call to the operator's extension is turned away at once, for the PBX to send elsewhere.
  expect(await bed.callUser('1001')).toMatch(/480/);
  await page.getByRole('link', { name: 'Desk' }).click();
  await page.keyboard.press('n');
  const phone = page.getByRole('region', { name: 'Phone' });
  await expect(phone.getByRole('status')).toContainText('Talking', { timeout: 15_000 });
  const level = phone.getByRole('meter', { name: 'Prospect’s sound level' });
  const loud = () => expect.poll(async () => Number(await level.getAttribute('data-level')), { timeout: 10_000 });

  // The keypad takes the digits (the script's answer keys wait) and sends them as tones.
  await page.keyboard.press('Alt+k');
  await expect(phone.getByRole('group', { name: 'Type digits, * or #; Esc closes' })).toBeVisible();
  for (const key of ['1', '2', '#']) await page.keyboard.press(key);
  await expect.poll(() => bed.tones(), { timeout: 10_000 }).toBe('12#');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Alt+o');
  await expect(phone.getByText('On hold', { exact: true })).toBeVisible();
  await expect(phone.getByRole('button', { name: /^Resume/ })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Alt+o');
  await expect(phone.getByText('On hold', { exact: true })).toBeHidden();
  await loud().toBeGreaterThan(0.05);

  await page.keyboard.press('Alt+m');
  await expect(phone.getByText('Muted', { exact: true })).toBeVisible();
  await page.keyboard.press('Alt+m');
  await expect(phone.getByText('Muted', { exact: true })).toBeHidden();
  await expect(phone.getByRole('status')).toContainText('Talking');
  await page.keyboard.press('Alt+h');
  await expect(phone.getByRole('status')).toContainText('Call ended: Hung up');
});

test('an admin connects the PBX: a bad address is refused and changes nothing, a good one opens the CSP', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = new AppPage(page);
  await app.open(server.url);
  await app.login('admin', PASSWORD);
  // The form starts again from what arrives by sync: type once the base is here.
  await expect(app.syncStatus).toContainText('Synced');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const telephony = page.getByRole('group', { name: 'Telephony (softphone in the desk)' });
  await telephony
    .getByLabel('PBX WebSocket address (wss://…)')
    .fill("wss://pbx.example.com/ws; script-src 'unsafe-eval'");
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('wss:// address');
  expect((readStored(server.dataDir, 'settings', 'global').telephony as { wsUrl: string }).wsUrl).toBe('');

  await telephony.getByLabel('PBX WebSocket address (wss://…)').fill('wss://pbx.example.com:8089/ws');
  await telephony.getByLabel('Send numbers as +E.164 (the PBX routes them)').uncheck();
  await telephony.getByLabel('Outside-line prefix').fill('9');
  await expect(telephony.getByText('+7 495 111-00-01 is dialled as 984951110001')).toBeVisible();
  await telephony
    .getByLabel('STUN/TURN servers, one per line: address [user password]')
    .fill('stun:stun.example.com:3478');
  await telephony.getByLabel('Recording link (https://…{callId}…)').fill('https://pbx.example.com/rec/{callId}.wav');
  await telephony.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/65-settings-telephony.png` });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect
    .poll(() => (readStored(server.dataDir, 'settings', 'global').telephony as { wsUrl: string }).wsUrl)
    .toBe('wss://pbx.example.com:8089/ws');
  const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
  expect(csp).toContain("connect-src 'self' wss://pbx.example.com:8089/ws;");
});
