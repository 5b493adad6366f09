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
}

export interface FileAccess {
  read(file: string): Promise<Buffer | null>;
  write(file: string, data: Buffer): Promise<void>;
}

/**
 * Keeps the refresh token and offline verifiers in a file encrypted by the OS. Where the OS offers
 * no encryption (a Linux desktop without a keyring), nothing is written: the user signs in each
 * time rather than leaving a token in plain text.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  readonly #encryptor: Encryptor;
  readonly #files: FileAccess;
  readonly #file: string;
  #memory: CredentialState = emptyCredentialState();

  constructor(encryptor: Encryptor, files: FileAccess, file: string) {
    this.#encryptor = encryptor;
    this.#files = files;
    this.#file = file;
  }

  async load(): Promise<CredentialState> {
    if (!this.#encryptor.isEncryptionAvailable()) return this.#memory;
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
    if (!this.#encryptor.isEncryptionAvailable()) {
      this.#memory = state;
      return;
    }
    await this.#files.write(this.#file, this.#encryptor.encryptString(JSON.stringify(state)));
  }
}
