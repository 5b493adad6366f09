import { type CallDial, NO_DIAL } from '../telephony/call-events.ts';
import { futureNeedCallbackAt, namedTimeToUtc, periodStart } from './callbacks.ts';
import { prospectZone } from './queue.ts';
import { nextInHours } from './calling-hours.ts';
import { newRequest } from '../requests/request-flow.ts';
import { acceptDeadline } from '../requests/sla.ts';
import { answerOf, type ScriptRun } from '../call-scripts/script-runner.ts';
import type {
  Call,
  Callback,
  CallList,
  CallOutcome,
  NeedPrecision,
  Prospect,
  SalesRequest,
  Settings,
} from '../core/types.ts';

/**
 * What an outcome does. One pure function turns the finished call into the documents to write, so
 * the call screen, tests and any later importer agree on it, and a call is one local transaction.
 */

export type OutcomeForm =
  | { kind: 'request'; need: string; volume: string; site: string; deadline: string; budget: number; contact: string }
  | {
      kind: 'future_need';
      /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Qn`, as `precision` says. */
      period: string;
      precision: NeedPrecision;
      confidence: number;
      trigger: string;
      description: string;
    }
  | {
      kind: 'callback';
      date: string;
      time: string;
      /** A supervisor keeps the time the prospect asked for though it lies outside the calling hours. */
      keepAskedTime?: boolean;
    }
  | { kind: 'no_answer' | 'busy' | 'wrong_number' | 'do_not_call' }
  | { kind: 'not_interested'; reason: string };

export interface OutcomeContext {
  now: number;
  operatorId: string;
  prospect: Prospect;
  list: CallList | null;
  /** The callback this call answered, if any: it is closed. */
  callback: Callback | null;
  run: ScriptRun | null;
  startedAt: number;
  notes: string;
  settings: Settings;
  newId: () => string;
  /** The caller is a supervisor: they may let a callback come outside the calling hours. */
  mayAllowOutsideHours?: boolean;
  /** What the network said, when the desk's softphone placed the call. */
  dial?: CallDial;
}

export interface OutcomeWrites {
  call: Call;
  prospect: Prospect;
  callbacks: Callback[];
  request: SalesRequest | null;
}

export type OutcomeResult = { ok: true; writes: OutcomeWrites } | { ok: false; errors: Record<string, string> };

const DEFAULT_RETRY_MINUTES = 120;

/** The prefilled request form: the script's answers, under the fields the script wrote them to. */
export function requestFormFromRun(
  run: ScriptRun | null,
  contactFallback: string,
): Extract<OutcomeForm, { kind: 'request' }> {
  const a = (key: string) => (run ? answerOf(run, key) : '');
  const budget = Number(a('budget').replace(/[^\d.]/g, ''));
  return {
    kind: 'request',
    need: a('need'),
    volume: a('volume'),
    site: a('site'),
    deadline: a('deadline'),
    budget: Number.isFinite(budget) ? budget : 0,
    contact: a('contact') || contactFallback,
  };
}

function validateForm(form: OutcomeForm, now: number, zone: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.kind === 'request') {
    if (!form.need.trim()) errors.need = 'error.required';
    if (!Number.isFinite(form.budget) || form.budget < 0) errors.budget = 'error.invalid';
  } else if (form.kind === 'future_need') {
    const start = periodStart(form.period, form.precision);
    if (!start) errors.period = 'error.period';
    else if (namedTimeToUtc(start, '00:00', zone) < now - 24 * 3600 * 1000) errors.period = 'error.past';
    if (!(form.confidence >= 0 && form.confidence <= 100)) errors.confidence = 'error.invalid';
  } else if (form.kind === 'callback') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) errors.date = 'error.required';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.time)) errors.time = 'error.required';
    if (!errors.date && !errors.time && namedTimeToUtc(form.date, form.time, zone) <= now) errors.time = 'error.past';
  }
  return errors;
}

/**
 * When a promised callback will come: the time asked for, moved into the calling hours if outside
 * them, unless a supervisor keeps the asked time (`allowed` is then that time, else 0).
 */
export function callbackTime(
  form: { date: string; time: string; keepAskedTime?: boolean },
  zone: string,
  settings: Pick<Settings, 'callingHours'>,
  mayAllowOutsideHours = false,
): { asked: number; dueAt: number; allowed: number } {
  const asked = namedTimeToUtc(form.date, form.time, zone);
  const moved = nextInHours(asked, zone, settings.callingHours);
  if (moved !== asked && form.keepAskedTime && mayAllowOutsideHours) return { asked, dueAt: asked, allowed: asked };
  return { asked, dueAt: moved, allowed: 0 };
}

export function applyOutcome(form: OutcomeForm, ctx: OutcomeContext): OutcomeResult {
  const { now, operatorId, settings } = ctx;
  const zone = prospectZone(ctx.prospect);
  const errors = validateForm(form, now, zone);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const outcome: CallOutcome = form.kind;
  const callId = ctx.newId();
  const call: Call = {
    id: callId,
    createdAt: now,
    updatedAt: now,
    prospectId: ctx.prospect.id,
    operatorId,
    callListId: ctx.list?.id ?? '',
    startedAt: ctx.startedAt,
    endedAt: now,
    scriptId: ctx.run?.scriptId ?? '',
    scriptVersion: ctx.run?.version ?? 0,
    path: ctx.run?.path ?? [],
    answers: ctx.run?.answers ?? [],
    outcome,
    notes: ctx.notes,
    dial: ctx.dial ?? { ...NO_DIAL },
  };
  const p: Prospect = {
    ...ctx.prospect,
    updatedAt: now,
    attempts: ctx.prospect.attempts + 1,
    lastCallAt: now,
    lastOutcome: form.kind,
    claimedBy: '',
    claimedUntil: 0,
    ownerId: ctx.prospect.ownerId || operatorId,
    status: ctx.prospect.status === 'new' ? 'in_work' : ctx.prospect.status,
  };
  const callbacks: Callback[] = [];
  if (ctx.callback) callbacks.push({ ...ctx.callback, done: true, doneAt: now, updatedAt: now });
  const schedule = (
    dueAt: number,
    reason: Callback['reason'],
    note: string,
    asked: { askedFor: number; outsideHoursAllowedAt: number } = { askedFor: dueAt, outsideHoursAllowedAt: 0 },
  ): Callback => ({
    id: ctx.newId(),
    createdAt: now,
    updatedAt: now,
    prospectId: p.id,
    dueAt,
    timeZone: zone,
    reason,
    scope: ctx.callback?.scope ?? 'personal',
    assigneeId: operatorId,
    createdBy: operatorId,
    done: false,
    doneAt: 0,
    note,
    ...asked,
  });
  let request: SalesRequest | null = null;

  switch (form.kind) {
    case 'request':
      p.status = 'handed_off';
      request = newRequest({
        id: ctx.newId(),
        createdAt: now,
        prospectId: p.id,
        operatorId,
        callId,
        need: form.need.trim(),
        volume: form.volume.trim(),
        site: form.site.trim(),
        deadline: form.deadline.trim(),
        contact: form.contact.trim(),
        answers: call.answers,
        estimatedValue: form.budget,
        acceptBy: acceptDeadline(now, settings),
      });
      break;
    case 'future_need': {
      const date = periodStart(form.period, form.precision) ?? '';
      p.status = 'future_need';
      p.expectedNeed = {
        description: form.description.trim(),
        date,
        precision: form.precision,
        confidence: form.confidence,
        trigger: form.trigger.trim(),
      };
      const dueAt = futureNeedCallbackAt({ date }, zone, settings.futureNeedLeadDays, now);
      p.nextCallAt = dueAt;
      callbacks.push(schedule(dueAt, 'future_need', form.description.trim() || form.trigger.trim()));
      break;
    }
    case 'callback': {
      // A time outside the calling hours is moved to their next start (the form shows it beforehand),
      // unless a supervisor keeps the asked time.
      const when = callbackTime(form, zone, settings, ctx.mayAllowOutsideHours === true);
      callbacks.push(
        schedule(when.dueAt, 'requested', '', { askedFor: when.asked, outsideHoursAllowedAt: when.allowed }),
      );
      break;
    }
    case 'no_answer':
    case 'busy': {
      const delay = (ctx.list?.retry.delayMinutes ?? settings.retry?.delayMinutes ?? DEFAULT_RETRY_MINUTES) * 60_000;
      p.nextCallAt = now + delay;
      // A promised callback that went unanswered stays a promise: it comes back after the retry delay.
      if (ctx.callback) callbacks.push(schedule(now + delay, 'retry', ctx.callback.note));
      break;
    }
    case 'not_interested':
      p.status = 'not_interested';
      if (form.reason.trim()) p.notes = [p.notes, form.reason.trim()].filter(Boolean).join('\n');
      break;
    case 'wrong_number':
      // The number is bad data: keep it in the notes, take it off the card so nobody dials it again.
      p.notes = [p.notes, `Wrong number: ${p.phone}`].filter(Boolean).join('\n');
      p.phone = '';
      p.phoneKey = '';
      break;
    case 'do_not_call':
      p.status = 'do_not_call';
      break;
  }
  return { ok: true, writes: { call, prospect: p, callbacks, request } };
}
