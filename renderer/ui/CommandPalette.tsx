import { useEffect, useState } from 'react';
import { firstValueFrom } from 'rxjs';
import { formatPhone } from '../../shared/calling/phone.ts';
import { useNavStore, viewsFor } from '../app/nav-store.ts';
import { useSessionStore, type Workspace } from '../app/session-store.ts';
import { searchProspects$ } from '../features/prospects/search.ts';
import { useLanguageStore, useT } from '../i18n/index.ts';
import { matches, SHORTCUTS } from './shortcuts.ts';

interface Entry {
  id: string;
  label: string;
  hint: string;
  run(): void;
}

/** Ctrl+K: find a prospect or an action by typing, run it with Enter. */
/** Dispatched on window to open the palette from outside it (the desktop app's menu). */
export const OPEN_PALETTE_EVENT = 'leadline:open-palette';

export function CommandPalette({ workspace }: { workspace: Workspace }) {
  const t = useT();
  const go = useNavStore((s) => s.go);
  const signOut = useSessionStore((s) => s.signOut);
  const { language, setLanguage } = useLanguageStore();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  // Search results with the query they answer: results of an earlier query are never offered.
  const [found, setFound] = useState<{ query: string; entries: Entry[] }>({ query: '', entries: [] });
  const [active, setActive] = useState(0);

  useEffect(() => {
    const show = () => {
      setOpen(true);
      setQuery('');
      setActive(0);
    };
    const onKey = (e: KeyboardEvent) => {
      if (matches(e, SHORTCUTS.palette)) {
        e.preventDefault();
        show();
      }
    };
    window.addEventListener('keydown', onKey);
    // The desktop app's menu opens it too.
    window.addEventListener(OPEN_PALETTE_EVENT, show);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(OPEN_PALETTE_EVENT, show);
    };
  }, []);

  const close = () => setOpen(false);
  const actions: Entry[] = [
    ...viewsFor(workspace.user.role).map((v) => ({
      id: `view-${v}`,
      label: t(`nav.${v}`),
      hint: t('palette.go'),
      run: () => go(v),
    })),
    {
      id: 'language',
      label: language === 'ru' ? 'English' : 'Русский',
      hint: t('lang.label'),
      run: () => setLanguage(language === 'ru' ? 'en' : 'ru'),
    },
    { id: 'logout', label: t('auth.logout'), hint: '', run: () => void signOut() },
  ];

  useEffect(() => {
    let live = true;
    if (!open || query.trim().length < 2) return;
    void firstValueFrom(searchProspects$(workspace.db, query, 8)).then((items) => {
      if (!live) return;
      setFound({
        query,
        entries: items.map((p) => ({
          id: p.id,
          label: p.name,
          hint: [p.phone ? formatPhone(p.phone, p.phoneExt) : '', p.region].filter(Boolean).join(' · '),
          run: () => go('prospects', p.id),
        })),
      });
    });
    return () => {
      live = false;
    };
  }, [open, query, workspace.db, go]);

  if (!open) return null;
  const q = query.trim().toLowerCase();
  const prospects = q.length >= 2 && found.query === query ? found.entries : [];
  const entries = [...prospects, ...actions.filter((a) => !q || a.label.toLowerCase().includes(q))];
  const run = (entry: Entry | undefined) => {
    if (!entry) return;
    close();
    entry.run();
  };
  return (
    <div className="palette__backdrop" onClick={close}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('palette.title')}
        onClick={(e) => e.stopPropagation()}
      >
        <input
          className="palette__input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-label={t('palette.title')}
          placeholder={t('palette.placeholder')}
          value={query}
          autoFocus
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setActive((i) => Math.min(entries.length - 1, i + 1));
            else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
            else if (e.key === 'Enter') run(entries[active]);
            else return;
            e.preventDefault();
          }}
        />
        <ul id="palette-list" role="listbox" className="palette__list" aria-label={t('palette.results')}>
          {entries.map((entry, i) => (
            <li
              key={entry.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'palette__item palette__item--active' : 'palette__item'}
              onMouseEnter={() => setActive(i)}
              onClick={() => run(entry)}
            >
              <span>{entry.label}</span>
              <span className="muted">{entry.hint}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
