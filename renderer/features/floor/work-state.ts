import type { WorkState } from '../../../shared/sync/wire.ts';
import type { ActiveCall } from '../desk/active-call-store.ts';
import type { PhoneCallStatus } from '../phone/phone-call.ts';

/**
 * What the workstation is doing. With the softphone the call's own events say it: ringing, talking,
 * then wrap-up from the moment it ended; a call dialled by hand is "on a call" until an outcome is picked.
 */
export function workState(call: ActiveCall | null, phone: PhoneCallStatus | undefined, paused: boolean): WorkState {
  if (!call) return paused ? 'paused' : 'idle';
  if (phone === 'dialling' || phone === 'ringing') return 'ringing';
  if (phone === 'talking') return 'talking';
  return call.form || call.dial?.endedAt ? 'wrap_up' : 'on_call';
}
