import { describe, expect, it } from 'vitest';
import { SafeStorageCredentialStore, type Encryptor } from './credentials.ts';

/** Stands in for the OS keychain, which does not exist in CI: reversible, but never plain text. */
function keychain(available = true): Encryptor {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
  };
}

function disk() {
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

const state = {
  session: {
    user: { id: 'u1', username: 'operator1', name: 'A', role: 'operator' as const },
    refreshToken: 'sid.secret',
  },
  verifiers: {},
};

describe('SafeStorageCredentialStore', () => {
  it('round-trips through the OS encryption and never writes the token in plain text', async () => {
    const files = disk();
    const store = new SafeStorageCredentialStore(keychain(), files, '/u/credentials.bin');
    await store.save(state);
    expect(files.files.get('/u/credentials.bin')?.toString()).not.toContain('sid.secret');
    expect(await new SafeStorageCredentialStore(keychain(), files, '/u/credentials.bin').load()).toEqual(state);
  });

  it('keeps credentials in memory only when the OS cannot encrypt', async () => {
    const files = disk();
    const store = new SafeStorageCredentialStore(keychain(false), files, '/u/credentials.bin');
    await store.save(state);
    expect(files.files.size).toBe(0);
    expect(await store.load()).toEqual(state);
  });

  it('starts signed out when the file cannot be decrypted', async () => {
    const files = disk();
    files.files.set('/u/credentials.bin', Buffer.from('garbage'));
    const broken: Encryptor = {
      ...keychain(),
      decryptString: () => {
        throw new Error('bad key');
      },
    };
    expect(await new SafeStorageCredentialStore(broken, files, '/u/credentials.bin').load()).toEqual({
      session: null,
      verifiers: {},
    });
  });
});
