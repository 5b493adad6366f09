import type { SipCredentials } from '../shared/telephony/softphone-settings.ts';
import { type Encryptor, encryptsForReal, type FileAccess } from './credentials.ts';

type Kept = Record<string, SipCredentials>;

/**
 * Each user's SIP login on this workstation, in one file encrypted by the OS (keychain, DPAPI,
 * libsecret), keyed by the user main has signed in — never by what the renderer says. Where the OS
 * offers no real encryption nothing is written: the login lasts for this run of the app only.
 */
export class PhoneCredentialStore {
  readonly #encryptor: Encryptor;
  readonly #files: FileAccess;
  readonly #file: string;
  readonly #real: boolean;
  #memory: Kept = {};
  #loaded = false;

  constructor(encryptor: Encryptor, files: FileAccess, file: string, platform: NodeJS.Platform = process.platform) {
    this.#encryptor = encryptor;
    this.#files = files;
    this.#file = file;
    this.#real = encryptsForReal(encryptor, platform);
  }

  get persists(): boolean {
    return this.#real;
  }

  async #all(): Promise<Kept> {
    if (this.#loaded || !this.#real) return this.#memory;
    const data = await this.#files.read(this.#file);
    try {
      const parsed: unknown = data ? JSON.parse(this.#encryptor.decryptString(data)) : {};
      this.#memory = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Kept) : {};
    } catch {
      // Unreadable (another OS user's key, a damaged file): start again rather than fail the desk.
      this.#memory = {};
    }
    this.#loaded = true;
    return this.#memory;
  }

  async get(userId: string): Promise<SipCredentials | null> {
    const kept = (await this.#all())[userId];
    return kept && typeof kept.login === 'string' && typeof kept.password === 'string' ? kept : null;
  }

  /** Keeps the user's login; an empty login forgets it. */
  async set(userId: string, credentials: SipCredentials): Promise<{ persists: boolean }> {
    const all = { ...(await this.#all()) };
    if (credentials.login) all[userId] = { login: credentials.login, password: credentials.password };
    else delete all[userId];
    this.#memory = all;
    if (this.#real) await this.#files.write(this.#file, this.#encryptor.encryptString(JSON.stringify(all)));
    return { persists: this.#real };
  }
}
