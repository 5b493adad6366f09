import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DeskPage } from './pages/desk-page.ts';
import { cableTo, expect, goOffline, goOnline, SCREENSHOTS, signInAt, test } from './fixtures.ts';

const START = new Date('2027-03-03T07:00:00Z');
test.use({ serverClock: START });

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

test('the head edits the script and publishes v2: the next call follows it, the map counts the calls', async ({
  browser,
  server,
}) => {
  test.setTimeout(180_000);
  const operator = await signInAt(browser, server.url, 'operator1', START);
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const desk = new DeskPage(operator);

  // A call on version 1, left open for a moment: the floor shows Anna on a call.
  await desk.nextCall();
  await expect(desk.script).toContainText('Introduction and needs discovery · v1');
  await nav(head, 'Floor');
  const anna = head.getByRole('row').filter({ hasText: 'Анна Смирнова' });
  await expect(anna).toContainText('On a call', { timeout: 15_000 });
  await expect(head.getByRole('row').filter({ hasText: 'Игорь Петров' })).toContainText('Offline');
  await head.screenshot({ path: `${SCREENSHOTS}/29-floor.png` });
  await desk.option(1);
  await desk.save(await desk.outcome('b'));
  await expect(anna).toContainText('Idle', { timeout: 15_000 });
  await expect(anna.getByRole('cell').nth(2)).toHaveText('1', { timeout: 15_000 });

  // Anna goes to lunch: her desk offers no call until she resumes, and the floor says why.
  const pause = operator.getByRole('group', { name: 'Pause' });
  await pause.getByLabel('Reason').selectOption('lunch');
  await pause.getByRole('button', { name: 'Pause' }).click();
  await expect(operator.getByRole('status').filter({ hasText: /^Paused: Lunch since/ })).toBeVisible();
  await expect(operator.getByRole('button', { name: /Next call/ })).toHaveCount(0);
  await expect(anna).toContainText('Paused · Lunch', { timeout: 15_000 });
  await head.screenshot({ path: `${SCREENSHOTS}/40-floor-paused.png` });
  await operator.getByRole('button', { name: 'Resume work' }).click();
  await expect(anna).toContainText('Idle', { timeout: 15_000 });

  // The script map: version 1 with what the call did on it.
  await nav(head, 'Scripts');
  await expect(head.getByTestId('script-totals')).toContainText('v1: calls 1, requests 0 (0%)', { timeout: 15_000 });
  await expect(head.getByTestId('stats-greet')).toHaveAttribute(
    'title',
    /^Calls that reached this step: 1; ended here: 0;/,
  );
  await expect(head.getByTestId('stats-inform')).toHaveAttribute(
    'title',
    /^Calls that reached this step: 1; ended here: 1;/,
  );

  // A new draft: the greeting rewritten, with a preview of what the operator will read.
  await head.getByRole('button', { name: 'Edit as a new version' }).click();
  await expect(head.getByRole('button', { name: 'Publish v2' })).toBeVisible();
  await head.getByRole('group', { name: 'Script map' }).locator('[data-node="greet"]').click();
  const step = head.getByRole('region', { name: 'Step' });
  await step
    .getByLabel('What the operator says')
    .fill('Good morning, {contact}! This is {operator} from Diamond Cutting, with news for {company}.');
  await expect(step.getByTestId('substitution-preview')).toHaveText(
    'Good morning, Ivan Petrov! This is Дмитрий Волков from Diamond Cutting, with news for Stroymontazh LLC.',
  );
  await expect(head.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await head.screenshot({ path: `${SCREENSHOTS}/30-script-editor.png` });

  // A step that leads nowhere blocks publishing until it is linked.
  await head.getByRole('button', { name: '+ Ask' }).click();
  await step.getByRole('button', { name: '+ Answer' }).click();
  await expect(head.getByRole('list', { name: 'Problems to fix before publishing' })).toContainText(
    'ask-1: option a1 leads nowhere',
  );
  await expect(head.getByRole('button', { name: 'Publish v2' })).toBeDisabled();
  await step.getByRole('button', { name: 'Remove step' }).click();
  await expect(head.getByRole('list', { name: 'Problems to fix before publishing' })).toHaveCount(0);

  // Test run walks the draft as an operator would.
  await head.getByRole('button', { name: 'Test run' }).click();
  const run = head.getByRole('region', { name: 'Test run' });
  await expect(run.getByTestId('script-text')).toContainText('Good morning, Ivan Petrov!');
  await run.getByRole('button', { name: 'Busy, call back' }).click();
  await expect(run.getByRole('status')).toHaveText('The call screen would suggest: Call back');
  await head.screenshot({ path: `${SCREENSHOTS}/31-script-test-run.png` });
  await run.getByRole('button', { name: 'Close test' }).click();

  // Export, then an import of a broken file is refused with the reason.
  const download = head.waitForEvent('download');
  await head.getByRole('button', { name: 'Export JSON' }).click();
  const file = path.join(tmpdir(), `script-${Date.now()}.json`);
  await (await download).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported).toMatchObject({ format: 'leadline-script', startNodeId: 'greet' });
  exported.nodes[0].next = 'nowhere';
  exported.nodes[0].options = [];
  writeFileSync(file, JSON.stringify(exported));
  await head.getByTestId('script-import').setInputFiles(file);
  await expect(head.getByRole('alert')).toContainText('The file was not imported: greet: next nowhere does not exist');

  await head.getByRole('button', { name: 'Publish v2' }).click();
  await expect(head.getByRole('status').filter({ hasText: 'Version 2 is published' })).toBeVisible();

  // operator1's next call uses version 2.
  await desk.nextCall();
  await expect(desk.script).toContainText('Introduction and needs discovery · v2');
  await expect(desk.script.getByTestId('script-text')).toContainText('Good morning,');
  await desk.option(1);
  await desk.continue();
  await desk.option(3);
  await desk.save(await desk.outcome('i'));

  // The map of v2 counts that call; v1 keeps its own.
  await head.getByLabel('Version').selectOption({ label: 'v2 · published' });
  await expect(head.getByTestId('script-totals')).toContainText('v2: calls 1, requests 0 (0%)', { timeout: 15_000 });
  await expect(head.getByTestId('stats-need')).toHaveAttribute(
    'title',
    /^Calls that reached this step: 1; ended here: 0;/,
  );
  await expect(head.getByTestId('stats-end-no')).toHaveAttribute(
    'title',
    /^Calls that reached this step: 1; ended here: 1;/,
  );
  await head.screenshot({ path: `${SCREENSHOTS}/32-script-stats.png` });
  await head.getByLabel('Version').selectOption({ label: 'v1 · archived' });
  await expect(head.getByTestId('script-totals')).toContainText('v1: calls 1, requests 0 (0%)');
  // The figures come from the server; offline, from the calls this workstation holds, and it says so.
  await expect(head.getByTestId('script-totals')).not.toContainText('The server did not answer');
  await goOffline(head.context());
  await head.getByLabel('Version').selectOption({ label: 'v2 · published' });
  await expect(head.getByTestId('script-totals')).toContainText(
    'v2: calls 1, requests 0 (0%) · The server did not answer: figures from the calls this workstation holds.',
  );
  await expect(head.getByTestId('stats-need')).toHaveAttribute('title', /^Calls that reached this step: 1;/);
  await goOnline(head.context());
  await head.getByLabel('Version').selectOption({ label: 'v1 · archived' });
  await expect(head.getByTestId('script-totals')).toContainText('v1: calls 1, requests 0 (0%)');

  // The funnel by script version shows both calls, each under the version it used.
  await nav(head, 'Dashboard');
  await head.getByLabel('Group by').selectOption('script');
  const funnel = head.getByRole('region', { name: 'Funnel' });
  await expect(funnel.getByRole('row', { name: /Introduction and needs discovery · v1/ })).toContainText('1');
  await expect(funnel.getByRole('row', { name: /Introduction and needs discovery · v2/ })).toContainText('1');
  await head.screenshot({ path: `${SCREENSHOTS}/34-dashboard-by-script.png`, fullPage: true });

  // The head's screens speak Russian too; the Russian script is a script of its own, still at v1.
  await head.getByLabel('Language').selectOption('ru');
  await head.getByRole('link', { name: 'Зал', exact: true }).click();
  await expect(head.getByRole('heading', { name: 'Зал операторов' })).toBeVisible();
  await expect(head.getByRole('row').filter({ hasText: 'Анна Смирнова' })).toContainText('Свободен');
  await head.screenshot({ path: `${SCREENSHOTS}/36-floor-ru.png` });
  await head.getByRole('link', { name: 'Скрипты', exact: true }).click();
  await head.getByRole('button', { name: /Знакомство и выявление потребности/ }).click();
  await expect(head.getByTestId('script-totals')).toContainText('v1: звонков пока нет');
  await head.screenshot({ path: `${SCREENSHOTS}/37-scripts-ru.png` });
  await head.getByRole('link', { name: 'Показатели', exact: true }).click();
  await expect(head.getByRole('heading', { name: 'Воронка' })).toBeVisible();
  await head.screenshot({ path: `${SCREENSHOTS}/42-dashboard-ru.png`, fullPage: true });
});

test('an edit made offline to a version published meanwhile is refused, undone and explained', async ({
  browser,
  server,
}) => {
  // Workstation A reaches the server through a cable the test can pull; B connects directly.
  const cable = await cableTo(server.url);
  const a = await signInAt(browser, cable.url, 'supervisor1', START);
  const b = await signInAt(browser, server.url, 'supervisor1', START);
  await nav(a, 'Scripts');
  await a.getByRole('button', { name: 'Edit as a new version' }).click();
  await expect(a.getByRole('button', { name: 'Publish v2' })).toBeVisible();
  await expect(a.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await nav(b, 'Scripts');
  await expect(b.getByRole('button', { name: 'Publish v2' })).toBeVisible({ timeout: 15_000 });

  // A goes offline and keeps editing the draft; meanwhile B publishes it.
  await cable.unplug();
  await goOffline(a.context());
  await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Offline');
  await a.getByRole('group', { name: 'Script map' }).locator('[data-node="greet"]').click();
  await a.getByLabel('Step name').fill('Greeting, edited offline');
  await expect(a.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await b.getByRole('button', { name: 'Publish v2' }).click();
  await expect(b.getByRole('status').filter({ hasText: 'Version 2 is published' })).toBeVisible();

  // A comes back: the server keeps the published version; A's edit is undone and A is told why.
  await cable.plug();
  await goOnline(a.context());
  await expect(a.getByRole('alert')).toContainText(
    'The server did not accept a change made here, so it was undone: that script version is published and stays as calls used it; edit a new draft',
    { timeout: 20_000 },
  );
  await expect(a.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 20_000 });
  await expect(a.getByRole('button', { name: 'Edit as a new version' })).toBeVisible();
  // The map shows the version as published, not the edit that was undone.
  await expect(a.getByRole('group', { name: 'Script map' }).locator('[data-node="greet"] .node__title')).toHaveText(
    'Greeting',
  );
  await expect(a.getByLabel('Step name')).toHaveValue('Greeting');
  await a.screenshot({ path: `${SCREENSHOTS}/39-refused-undone.png` });
  await cable.close();
});

test('a version scheduled for tomorrow leaves today’s calls on the version in use', async ({ browser, server }) => {
  const operator = await signInAt(browser, server.url, 'operator1', START);
  const head = await signInAt(browser, server.url, 'supervisor1', START);
  const desk = new DeskPage(operator);
  await nav(head, 'Scripts');
  await head.getByRole('button', { name: 'Edit as a new version' }).click();
  await expect(head.getByRole('button', { name: 'Publish v2' })).toBeVisible();
  // START is 07:00 UTC on 3 March; the browsers here run in UTC.
  await head.getByLabel('Publish from (date and time)').fill('2027-03-04T09:00');
  await head.getByRole('button', { name: 'Schedule' }).click();
  await expect(head.getByRole('status').filter({ hasText: 'Version 2 goes live' })).toBeVisible();
  await expect(head.getByRole('button', { name: /Introduction and needs discovery/ })).toContainText(
    'in use: v1 · v2 scheduled',
  );
  await head.screenshot({ path: `${SCREENSHOTS}/41-script-scheduled.png` });

  await desk.nextCall();
  await expect(desk.script).toContainText('Introduction and needs discovery · v1');
  await desk.save(await desk.outcome('b'));
  // The next day the same workstation's next call takes version 2, without anyone touching it.
  await operator.clock.setSystemTime(new Date('2027-03-04T09:30:00Z'));
  await desk.nextCall();
  await expect(desk.script).toContainText('Introduction and needs discovery · v2');
});
