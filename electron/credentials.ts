import {
  type CredentialState,
  type CredentialStore,
  emptyCredentialState,
  parseCredentialState,
} from '../shared/sync/transport/credentials.ts';

/** Electron's safeStorage, as far as we use it (the OS keychain / DPAPI / libsecret). */
export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store it uses (`gnome_libsecret`, `kwallet5`, `basic_text`…). */
  getSelectedStorageBackend?(): string;
}

/**
 * Whether the OS really encrypts: on Linux without a keyring, Electron falls back to `basic_text`,
 * a key written in its own source code, which protects nothing.
 */
export function encryptsForReal(encryptor: Encryptor, platform: NodeJS.Platform): boolean {
  if (!encryptor.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = encryptor.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}

export interface FileAccess {
  read(file: string): Promise<Buffer | null>;
  write(file: string, data: Buffer): Promise<void>;
}

/**
 * Keeps the refresh token and offline verifiers in a file encrypted by the OS. Where the OS offers
 * no real encryption (a Linux desktop without a keyring: none, or `basic_text`), nothing is written:
 * the user signs in each time rather than leaving a token readable on disk.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  readonly #encryptor: Encryptor;
  readonly #files: FileAccess;
  readonly #file: string;
  #memory: CredentialState = emptyCredentialState();

  readonly #real: boolean;

  constructor(encryptor: Encryptor, files: FileAccess, file: string, platform: NodeJS.Platform = process.platform) {
    this.#encryptor = encryptor;
    this.#files = files;
    this.#file = file;
    this.#real = encryptsForReal(encryptor, platform);
  }

  /** Whether a sign-in outlives the app (false: kept for this session only, and the user is told). */
  get persists(): boolean {
    return this.#real;
  }

  async load(): Promise<CredentialState> {
    if (!this.#real) return this.#memory;
    const data = await this.#files.read(this.#file);
    if (!data) return emptyCredentialState();
    try {
      return parseCredentialState(this.#encryptor.decryptString(data));
    } catch {
      // Encrypted by another OS user or a reinstalled keychain: start signed out.
      return emptyCredentialState();
    }
  }

  async save(state: CredentialState): Promise<void> {
    if (!this.#real) {
      this.#memory = state;
      return;
    }
    await this.#files.write(this.#file, this.#encryptor.encryptString(JSON.stringify(state)));
  }
}
