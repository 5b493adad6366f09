import { NO_DIAL } from '../telephony/call-events.ts';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  checkScriptChange,
  isScheduled,
  draftFrom,
  exportScript,
  importScript,
  layoutScript,
  newScript,
  publishPlan,
  removeNode,
  replaceNode,
  scriptForCall,
  stepName,
} from './script-edit.ts';
import { scriptStats } from './script-stats.ts';
import type { Call, Script } from '../core/types.ts';

const T = 1_800_000_000_000;

function sample(): Script {
  const s = newScript('Intro', 'en', T, 'doc-1', 'intro');
  const ask = addNode(s, 'ask');
  let script = ask.script;
  script = replaceNode(script, {
    ...(script.nodes.find((n) => n.id === ask.id) as Script['nodes'][number]),
    title: 'Need?',
    options: [
      { id: 'yes', label: 'Yes', next: 'end' },
      { id: 'no', label: 'No', next: 'end' },
    ],
  });
  script = replaceNode(script, { ...(script.nodes[0] as Script['nodes'][number]), next: ask.id });
  const objection = addNode(script, 'objection');
  return { ...objection.script, status: 'published' };
}

describe('script versions', () => {
  it('starts a draft after the newest version and archives the old one on publishing', () => {
    const v1 = sample();
    const v3 = { ...v1, id: 'doc-3', version: 3, status: 'archived' as const };
    const draft = draftFrom(v1, [v1, v3], T + 1, 'doc-4');
    expect(draft).toMatchObject({ version: 4, status: 'draft', scriptId: 'intro', id: 'doc-4' });
    expect(draft.nodes).toEqual(v1.nodes);
    const plan = publishPlan(draft, [v1, v3, draft], T + 2);
    expect(plan.ok && plan.docs.map((d) => [d.id, d.status])).toEqual([
      ['doc-4', 'published'],
      ['doc-1', 'archived'],
    ]);
    // Live at once, whatever this workstation's clock says: publishAt 0.
    expect(plan.ok && plan.docs[0]?.publishAt).toBe(0);
  });

  it('refuses to publish a script that would strand an operator', () => {
    const broken = removeNode({ ...sample(), status: 'draft' }, 'end');
    const plan = publishPlan(broken, [broken], T);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.problems.join()).toMatch(/ask-1: option yes leads nowhere/);
    expect(() => removeNode(broken, 'start')).toThrow(/start node/);
  });

  it('keeps a published version as calls used it', () => {
    const v1 = sample();
    expect(checkScriptChange(v1, { ...v1, name: 'Renamed' }, T)).toMatch(/name cannot change/);
    expect(checkScriptChange(v1, { ...v1, nodes: [] }, T)).toMatch(/nodes cannot change/);
    expect(checkScriptChange(v1, { ...v1, status: 'archived' }, T)).toBeNull();
    expect(checkScriptChange(v1, { ...v1, status: 'draft' }, T)).toMatch(/back to draft/);
    expect(checkScriptChange(v1, { ...v1, _deleted: true }, T)).toMatch(/kept/);
    const draft = { ...v1, status: 'draft' as const };
    expect(checkScriptChange(draft, { ...draft, name: 'Renamed' }, T)).toBeNull();
    expect(checkScriptChange(null, { ...removeNode(draft, 'end'), status: 'published' }, T)).toMatch(/cannot publish/);
  });
});

describe('script JSON', () => {
  it('round-trips through export and import as a new draft', () => {
    const v1 = sample();
    const into = { id: 'doc-9', scriptId: 'intro', version: 2, createdAt: T, updatedAt: T };
    const back = importScript(exportScript(v1), into);
    expect(back.ok && back.script).toEqual({ ...v1, ...into, status: 'draft' });
  });

  it('refuses what is not a whole script, saying why', () => {
    const into = { id: 'd', scriptId: 's', version: 1, createdAt: T, updatedAt: T };
    expect(importScript('{', into)).toEqual({ ok: false, error: 'not JSON' });
    expect(importScript('{"format":"other"}', into)).toEqual({ ok: false, error: 'not a Leadline script file' });
    const file = JSON.parse(exportScript(sample()));
    file.nodes[0].kind = 'sing';
    expect(importScript(JSON.stringify(file), into)).toMatchObject({ ok: false, error: expect.stringMatching(/kind/) });
    file.nodes[0].kind = 'say';
    file.nodes[0].next = 'nowhere';
    expect(importScript(JSON.stringify(file), into)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/nowhere/),
    });
  });
});

describe('script layout', () => {
  it('places steps by distance from the start and objections in a row of their own', () => {
    const { places, edges, rows } = layoutScript(sample());
    const at = (id: string) => places.find((p) => p.id === id);
    expect(at('start')).toMatchObject({ column: 0, row: 0 });
    expect(at('ask-1')).toMatchObject({ column: 1, row: 0 });
    expect(at('end')).toMatchObject({ column: 2, row: 0 });
    expect(at('objection-1')).toMatchObject({ column: 0, row: 1 });
    expect(rows).toBe(2);
    expect(edges.filter((e) => e.from === 'ask-1').map((e) => e.label)).toEqual(['Yes', 'No']);
  });
});

describe('per-node statistics', () => {
  const call = (id: string, path: string[], outcome: Call['outcome'], version = 1): Call => ({
    id,
    createdAt: T,
    updatedAt: T,
    prospectId: 'p',
    operatorId: 'op',
    callListId: '',
    startedAt: T,
    endedAt: T,
    scriptId: 'intro',
    scriptVersion: version,
    path,
    answers: [],
    outcome,
    notes: '',
    dial: { ...NO_DIAL },
  });

  it('counts calls reaching, ending at and leading to requests through each step of one version', () => {
    const calls = [
      call('a', ['start', 'ask-1', 'end'], 'request'),
      call('b', ['start', 'ask-1', 'objection-1', 'ask-1', 'end'], 'not_interested'),
      call('c', ['start'], 'no_answer'),
      call('d', ['start', 'ask-1', 'end'], 'request', 2),
    ];
    const stats = scriptStats({ scriptId: 'intro', version: 1 }, calls);
    expect(stats.calls).toBe(3);
    expect(stats.requests).toBe(1);
    expect(Object.fromEntries(stats.edges)).toEqual({
      'start>ask-1': { calls: 2, requests: 1 },
      'ask-1>end': { calls: 2, requests: 1 },
      'ask-1>objection-1': { calls: 1, requests: 0 },
      'objection-1>ask-1': { calls: 1, requests: 0 },
    });
    expect(Object.fromEntries(stats.nodes)).toEqual({
      start: { reached: 3, ended: 1, requests: 1 },
      'ask-1': { reached: 2, ended: 0, requests: 1 },
      'objection-1': { reached: 1, ended: 0, requests: 0 },
      end: { reached: 2, ended: 2, requests: 1 },
    });
  });
});

describe('the script a call follows', () => {
  it('is the list’s script when it names one, else the newest published in the operator’s language', () => {
    const base = sample();
    const enV1 = { ...base, id: 'en1', scriptId: 'intro-en', version: 1, status: 'archived' as const };
    const enV2 = { ...base, id: 'en2', scriptId: 'intro-en', version: 2, status: 'published' as const };
    const enV3 = { ...base, id: 'en3', scriptId: 'intro-en', version: 3, status: 'draft' as const };
    const ru = { ...base, id: 'ru1', scriptId: 'intro-ru', version: 1, language: 'ru' as const };
    const renewal = { ...base, id: 'rn1', scriptId: 'renewal', version: 1, language: 'ru' as const };
    const all = [enV1, enV2, enV3, ru, renewal];
    expect(scriptForCall(all, 'en', '', T)?.id).toBe('en2');
    expect(scriptForCall(all, 'en', 'renewal', T)?.id).toBe('rn1');
    // A list naming a script with no published version falls back to the language's newest.
    expect(scriptForCall(all, 'en', 'gone', T)?.id).toBe('en2');
    expect(scriptForCall([ru], 'en', '', T)?.id).toBe('ru1');
    expect(scriptForCall([enV3], 'en', '', T)).toBeNull();
  });
});

describe('scheduled versions', () => {
  it('keeps the live version in use until the scheduled one’s time comes', () => {
    const v1 = sample();
    const draft = draftFrom(v1, [v1], T, 'doc-2');
    const at = T + 86_400_000;
    const plan = publishPlan(draft, [v1, draft], T, at);
    expect(plan.ok && plan.docs.map((d) => [d.id, d.status, d.publishAt])).toEqual([['doc-2', 'published', at]]);
    const all = [v1, ...(plan.ok ? plan.docs : [])];
    expect(scriptForCall(all, 'en', '', T)?.id).toBe('doc-1');
    expect(scriptForCall(all, 'en', '', at)?.id).toBe('doc-2');
    const v2 = plan.ok ? (plan.docs[0] as Script) : draft;
    expect(isScheduled(v2, T)).toBe(true);
    // Not live yet: it may be rescheduled or taken back to draft; once live, it is kept.
    expect(checkScriptChange(v2, { ...v2, publishAt: at + 1 }, T)).toBeNull();
    expect(checkScriptChange(v2, { ...v2, status: 'draft', publishAt: 0 }, T)).toBeNull();
    expect(checkScriptChange(v2, { ...v2, publishAt: at + 1 }, at)).toMatch(/publishAt cannot change/);
    expect(checkScriptChange(v2, { ...v2, status: 'draft' }, at)).toMatch(/back to draft/);
  });
});

describe('stepName', () => {
  it('is the title, or the start of the words cut at a word, never the id', () => {
    expect(stepName({ title: ' Приветствие ', text: 'x' })).toBe('Приветствие');
    expect(stepName({ title: '', text: 'Мы режем бетон и железобетон алмазным инструментом без пыли и шума' })).toBe(
      'Мы режем бетон и железобетон алмазным…',
    );
    expect(stepName({ title: '', text: 'Коротко.' })).toBe('Коротко.');
    expect(stepName({ title: '', text: '' })).toBe('');
  });
});
