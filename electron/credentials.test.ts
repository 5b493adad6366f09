import { describe, expect, it } from 'vitest';
import { encryptsForReal, SafeStorageCredentialStore, type Encryptor } from './credentials.ts';
import { disk, keychain } from './test-keychain.ts';

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

  it('refuses Linux’s basic_text fallback, a fixed key, and keeps the sign-in for the session only', async () => {
    for (const backend of ['basic_text', 'unknown']) {
      const files = disk();
      const store = new SafeStorageCredentialStore(keychain(true, backend), files, '/u/c.bin', 'linux');
      expect(store.persists).toBe(false);
      await store.save(state);
      expect(files.files.size).toBe(0);
      expect(await store.load()).toEqual(state);
    }
    for (const [backend, platform] of [
      ['gnome_libsecret', 'linux'],
      ['kwallet5', 'linux'],
      [undefined, 'win32'],
      [undefined, 'darwin'],
    ] as const) {
      expect(encryptsForReal(keychain(true, backend), platform)).toBe(true);
    }
    expect(encryptsForReal(keychain(false), 'darwin')).toBe(false);
  });
});
