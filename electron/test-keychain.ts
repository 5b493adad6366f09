import type { Encryptor } from './credentials.ts';

/** Stands in for the OS keychain, which does not exist in CI: reversible, but never plain text. */
export function keychain(available = true, backend: string | undefined = 'gnome_libsecret'): Encryptor {
  return {
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
  };
}

export function disk() {
  const files = new Map<string, Buffer>();
  return {
    files,
    read: (f: string) => Promise.resolve(files.get(f) ?? null),
    write: (f: string, d: Buffer) => {
      files.set(f, d);
      return Promise.resolve();
    },
  };
}
