import { useEffect } from 'react';
import { create } from 'zustand';
import { hasSoftphone, type SipCredentials } from '../../../shared/telephony/softphone-settings.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useSettings } from '../requests/use-requests.ts';
import { connectPhone, disconnectPhone } from './softphone.ts';

interface LoginState {
  /** Read from the bridge yet. */
  loaded: boolean;
  credentials: SipCredentials | null;
  /** Kept past this session (the desktop app's encrypted store), else for this session only. */
  persists: boolean;
  load(): Promise<void>;
  save(credentials: SipCredentials | null): Promise<void>;
}

export const usePhoneLogin = create<LoginState>((set) => ({
  loaded: false,
  credentials: null,
  persists: getBridge().kind === 'electron',
  async load() {
    const credentials = await getBridge()
      .phone.credentials()
      .catch(() => null);
    set({ loaded: true, credentials });
  },
  async save(credentials) {
    const { persists } = await getBridge().phone.saveCredentials(credentials);
    set({ credentials: credentials?.login ? credentials : null, persists });
  },
}));

/** Whether this role places calls from the desk. */
export const callsFromDesk = (role: string): boolean => role === 'operator' || role === 'supervisor';

/**
 * Keeps the softphone registered while a caller is signed in and the PBX is set up; unregisters on
 * sign-out, and registers again when the settings or the login change.
 */
export function usePhoneConnection(workspace: Workspace): void {
  const telephony = useSettings(workspace.db).telephony;
  const { loaded, credentials, load } = usePhoneLogin();
  const caller = callsFromDesk(workspace.user.role);
  useEffect(() => {
    if (caller && !loaded) void load();
  }, [caller, loaded, load]);
  const ready = caller && hasSoftphone(telephony) && credentials !== null;
  const key = ready ? JSON.stringify([telephony, credentials]) : '';
  useEffect(() => {
    if (!ready || !credentials) {
      disconnectPhone();
      return;
    }
    void connectPhone(telephony, credentials);
    // `key` names both the settings and the login.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  // Signed out: unregistered, and the next user's login is read afresh.
  useEffect(
    () => () => {
      disconnectPhone();
      usePhoneLogin.setState({ loaded: false, credentials: null });
    },
    [],
  );
}
