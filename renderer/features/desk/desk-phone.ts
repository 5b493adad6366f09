import { create } from 'zustand';
import { dialString } from '../../../shared/telephony/dial-plan.ts';
import type { TelephonySettings } from '../../../shared/telephony/softphone-settings.ts';
import { dial } from '../phone/softphone.ts';
import { useDeskStore } from './active-call-store.ts';

/**
 * Dials a prospect's number from the call screen through the softphone: the dial plan turns it into
 * what the PBX dials, and every event of the call lands on the call in progress (kept across a
 * restart with the rest of it). `problem` says why nothing was dialled.
 */
export function dialFromDesk(
  e164: string,
  telephony: TelephonySettings,
): { ok: true } | { ok: false; problem: string } {
  const target = dialString(e164, telephony.dialPlan);
  if (!target.ok) return target;
  // The events belong to the call being made now, never to the one the desk moves on to.
  const prospectId = useDeskStore.getState().call?.prospectId;
  const placed = dial(target.dial, telephony, (events) => {
    const desk = useDeskStore.getState();
    if (desk.call?.prospectId === prospectId) desk.update({ dial: events, autoDialAt: 0 });
  });
  return placed ? { ok: true } : { ok: false, problem: 'not ready' };
}

export interface AutoDial {
  /** When the call is to dial by itself (0: it waits for the operator). */
  autoDialAt: number;
  /** This call was dialled already. */
  dialled: boolean;
  /** The operator paused progressive dialing. */
  paused: boolean;
  /** The softphone is registered. */
  ready: boolean;
  /** A call is up (never a second one). */
  live: boolean;
  /** Whether a moment lies inside the calling hours in the prospect's zone. */
  inHours(at: number): boolean;
}

/**
 * Progressive dialing at a moment: `wait` (counting down, `seconds` left), `dial` now, `outside_hours`
 * (it will not: the operator is told), or `off` (paused, dialled, no softphone, or nothing set).
 */
export function autoDialStep(
  at: number,
  s: AutoDial,
): { step: 'off' | 'dial' | 'outside_hours' } | { step: 'wait'; seconds: number } {
  if (s.dialled || s.autoDialAt <= 0 || s.paused || !s.ready) return { step: 'off' };
  if (at < s.autoDialAt) return { step: 'wait', seconds: Math.ceil((s.autoDialAt - at) / 1000) };
  if (s.live) return { step: 'wait', seconds: 0 };
  return s.inHours(at) ? { step: 'dial' } : { step: 'outside_hours' };
}

/** Progressive dialing stopped by the operator ("pause"), for the rest of this session or until resumed. */
export const useAutoDialPause = create<{ paused: boolean; toggle(): void }>((set) => ({
  paused: false,
  toggle: () => set((s) => ({ paused: !s.paused })),
}));
