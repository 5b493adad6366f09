import { describe, expect, it } from 'vitest';
import { demoScripts } from '../../server/seed/demo-data.ts';
import {
  answerOf,
  choose,
  objections,
  openObjection,
  proceed,
  scriptProblems,
  startRun,
  substitute,
  suggestedOutcome,
} from './script-runner.ts';

const [ru, en] = demoScripts(0);

describe('script runner', () => {
  it('the demo scripts have no dangling links or dead ends', () => {
    expect(scriptProblems(ru!)).toEqual([]);
    expect(scriptProblems(en!)).toEqual([]);
  });

  it('walks the need-now branch, filling need fields, and suggests a request', () => {
    const s = en!;
    let run = startRun(s);
    run = choose(s, run, 'ok');
    run = proceed(s, run);
    run = choose(s, run, 'now');
    run = proceed(s, run, 'Openings in a basement wall');
    run = proceed(s, run, '12 openings');
    run = proceed(s, run, 'Novosibirsk, Lenina 1');
    run = proceed(s, run, 'by March');
    run = proceed(s, run, '450000');
    run = proceed(s, run, 'Ivan, +7 913 000-00-00');
    expect(run.path).toEqual([
      'greet',
      'inform',
      'need',
      'need-what',
      'volume',
      'site',
      'deadline',
      'budget',
      'contact',
      'end-request',
    ]);
    expect(answerOf(run, 'need')).toBe('Openings in a basement wall');
    expect(answerOf(run, 'budget')).toBe('450000');
    expect(suggestedOutcome(s, run)).toBe('request');
  });

  it('opens an objection handler from anywhere and returns to the same place', () => {
    const s = en!;
    let run = choose(s, startRun(s), 'ok');
    expect(objections(s).map((n) => n.id)).toContain('obj-supplier');
    run = openObjection(s, run, 'obj-supplier');
    expect(run.nodeId).toBe('obj-supplier');
    run = proceed(s, run);
    expect(run.nodeId).toBe('inform');
    expect(run.path).toEqual(['greet', 'inform', 'obj-supplier', 'inform']);
  });

  it('rejects options and objections that do not exist', () => {
    expect(() => choose(en!, startRun(en!), 'nope')).toThrow(/No option/);
    expect(() => openObjection(en!, startRun(en!), 'need')).toThrow(/not an objection/);
  });

  it('fills in the operator, contact and company', () => {
    expect(
      substitute('Hello {contact}, {operator} from {company}. {unknown}', {
        contact: 'Ivan',
        operator: 'Anna',
        company: 'ACME',
      }),
    ).toBe('Hello Ivan, Anna from ACME. {unknown}');
  });
});

describe('answers and the field vocabulary', () => {
  it('a choice along the way is kept with its step and never becomes the need', () => {
    const s = en!;
    let run = startRun(s);
    run = choose(s, run, 'ok');
    run = proceed(s, run);
    run = choose(s, run, 'now');
    // "Yes, now" is the answer of the step "Is there a need", not the need itself.
    expect(answerOf(run, 'need')).toBe('');
    expect(answerOf(run, 'step:need')).toBe('Yes, now');
    run = proceed(s, run, 'Openings in a basement wall');
    expect(answerOf(run, 'need')).toBe('Openings in a basement wall');
  });

  it('a step that writes to a field outside the vocabulary cannot be published', () => {
    const s = en!;
    const odd = { ...s, nodes: s.nodes.map((n) => (n.id === 'volume' ? { ...n, field: 'greet' } : n)) };
    expect(scriptProblems(odd)).toEqual(['volume: field greet is not one the request form knows']);
  });
});
