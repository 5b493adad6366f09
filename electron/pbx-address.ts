import { rendererCsp } from '../shared/security/web-security.ts';
import { webSocketSource } from '../shared/telephony/softphone-settings.ts';

/**
 * The PBX WebSocket address the window's CSP allows, learned from the settings the *server* sends
 * (main carries every pull), never from what the renderer says. Kept in a file so the next start
 * allows it before the first sync; '' while no softphone is set up.
 */
export class PbxAddress {
  readonly #save: (text: string) => void;
  #source: string;

  constructor(saved: string | null, save: (text: string) => void) {
    this.#save = save;
    this.#source = webSocketSource(saved?.trim() ?? '') ?? '';
  }

  get source(): string {
    return this.#source;
  }

  /** The window's content security policy with the address learned so far. */
  csp(): string {
    return rendererCsp({ wsUrl: this.#source });
  }

  /**
   * Reads a page of pulled settings; true when the address changed (the window then reloads once
   * no call is up, to take the new policy). A settings document without telephony (an older server)
   * changes nothing.
   */
  learn(documents: readonly unknown[]): boolean {
    for (const doc of documents) {
      const telephony = (doc as { telephony?: { wsUrl?: unknown } } | null)?.telephony;
      if (!telephony || typeof telephony.wsUrl !== 'string') continue;
      const source = webSocketSource(telephony.wsUrl) ?? '';
      if (source === this.#source) continue;
      this.#source = source;
      this.#save(source);
      return true;
    }
    return false;
  }
}
