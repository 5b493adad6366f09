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

/** Progressive dialing stopped by the operator ("pause"), for the rest of this session or until resumed. */
export const useAutoDialPause = create<{ paused: boolean; toggle(): void }>((set) => ({
  paused: false,
  toggle: () => set((s) => ({ paused: !s.paused })),
}));
