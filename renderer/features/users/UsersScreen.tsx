import { type FormEvent, useState } from 'react';
import { ROLES, type Role, type User } from '../../../shared/core/types.ts';
import type { Workspace } from '../../app/session-store.ts';
import { getBridge } from '../../bridge/index.ts';
import { useLive } from '../../db/use-query.ts';
import { isMessageKey, type MessageKey, useT } from '../../i18n/index.ts';
import { plainAll } from '../../db/plain.ts';

/** Admins: who may use Leadline and in which role. Deactivating someone ends their sessions at once. */
export function UsersScreen({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const users = useLive(
    () => workspace.db.users.find({ sort: [{ createdAt: 'asc' }] }).$.pipe(plainAll<User>()),
    [workspace.db],
  );
  const blank = { username: '', name: '', role: 'operator' as Role, team: '', password: '' };
  const [form, setForm] = useState(blank);
  const teams = [...new Set((users ?? []).map((u) => u.team).filter(Boolean))].toSorted();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(action: () => Promise<unknown>, ok: string) {
    try {
      await action();
      setMessage({ ok: true, text: ok });
    } catch (error) {
      // The server's code says it in the user's language; otherwise its own words.
      const key = `users.error.${(error as { code?: string }).code ?? ''}`;
      const text = isMessageKey(key) ? t(key as MessageKey) : error instanceof Error ? error.message : String(error);
      setMessage({ ok: false, text });
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        await getBridge().admin.createUser(form);
        setForm(blank);
      },
      t('users.created', { name: form.username }),
    );
  }

  return (
    <main className="page">
      <header className="page__head">
        <h1>{t('users.title')}</h1>
      </header>
      {message && (
        <p className={message.ok ? 'banner banner--ok' : 'banner banner--error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <table className="table" aria-label={t('users.title')}>
        <thead>
          <tr>
            <th>{t('users.name')}</th>
            <th>{t('auth.username')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.team')}</th>
            <th>{t('users.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => (
            <UserRow key={u.id} user={u} self={u.id === workspace.user.id} run={run} />
          ))}
        </tbody>
      </table>
      <datalist id="teams">
        {teams.map((team) => (
          <option key={team} value={team} />
        ))}
      </datalist>
      <form className="wizard users__new" aria-label={t('users.new')} onSubmit={create}>
        <h2>{t('users.new')}</h2>
        <div className="pform__grid">
          <label className="field">
            <span>{t('auth.username')}</span>
            <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
          </label>
          <label className="field">
            <span>{t('users.name')}</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('users.role')}</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('users.team')}</span>
            <input list="teams" value={form.team} onChange={(e) => setForm({ ...form, team: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('users.password')}</span>
            <input
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
        </div>
        <button type="submit" className="button button--primary">
          {t('users.create')}
        </button>
      </form>
    </main>
  );
}

type Run = (action: () => Promise<unknown>, ok: string) => Promise<void>;

/** One user: role and team changed in place, password reset, deactivation. */
function UserRow({ user: u, self, run }: { user: User; self: boolean; run: Run }) {
  const t = useT();
  const [team, setTeam] = useState(u.team);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const admin = getBridge().admin;
  const saveTeam = () => {
    if (team.trim() === u.team) return;
    void run(() => admin.updateUser(u.id, { team }), t('users.teamSaved', { name: u.username }));
  };
  return (
    <tr>
      <td>{u.name}</td>
      <td>{u.username}</td>
      <td>
        <select
          aria-label={t('users.roleOf', { name: u.username })}
          value={u.role}
          disabled={self}
          onChange={(e) => {
            const role = e.target.value as Role;
            if (!globalThis.confirm(t('users.roleConfirm', { name: u.username, role: t(`role.${role}`) }))) return;
            void run(() => admin.updateUser(u.id, { role }), t('users.roleSaved', { name: u.username }));
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          list="teams"
          aria-label={t('users.teamOf', { name: u.username })}
          value={team}
          onChange={(e) => setTeam(e.target.value)}
          onBlur={saveTeam}
          onKeyDown={(e) => e.key === 'Enter' && saveTeam()}
        />
      </td>
      <td>{u.active ? t('users.active') : t('users.inactive')}</td>
      <td className="users__actions">
        {resetting ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                async () => {
                  await admin.resetPassword(u.id, password);
                  setResetting(false);
                  setPassword('');
                },
                t('users.passwordReset', { name: u.username }),
              );
            }}
          >
            <input
              type="password"
              autoComplete="new-password"
              aria-label={t('users.newPasswordFor', { name: u.username })}
              placeholder={t('users.password')}
              value={password}
              minLength={8}
              required
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
            <button type="submit" className="button button--primary">
              {t('users.setPassword')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setResetting(false)}>
              {t('form.cancel')}
            </button>
          </form>
        ) : (
          <button type="button" className="button" onClick={() => setResetting(true)}>
            {t('users.resetPassword')}
          </button>
        )}
        {!self && (
          <button
            type="button"
            className={u.active ? 'button button--warn' : 'button'}
            aria-label={t(u.active ? 'users.deactivate' : 'users.activate', { name: u.username })}
            onClick={() => {
              // Deactivating signs the person out at once, mid-call perhaps: one more click to be sure.
              if (u.active && !globalThis.confirm(t('users.deactivateConfirm', { name: u.username }))) return;
              void run(
                () => admin.setUserActive(u.id, !u.active),
                t(u.active ? 'users.deactivated' : 'users.activated', { name: u.username }),
              );
            }}
          >
            {t(u.active ? 'users.deactivateShort' : 'users.activateShort')}
          </button>
        )}
      </td>
    </tr>
  );
}
