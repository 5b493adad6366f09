import { useEffect } from 'react';
import { create } from 'zustand';
import { useT } from '../i18n/index.ts';
import { hint, matches, type Shortcut, SHORTCUTS } from './shortcuts.ts';

const SCOPES = ['everywhere', 'desk', 'call', 'wrapUp'] as const;

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

interface HelpState {
  open: boolean;
  setOpen(open: boolean | ((was: boolean) => boolean)): void;
}

/** Whether the shortcut list is open: `?` and the topbar's keyboard button both toggle it. */
export const useShortcutHelpStore = create<HelpState>((set) => ({
  open: false,
  setOpen: (open) => set((s) => ({ open: typeof open === 'function' ? open(s.open) : open })),
}));

/** `?` anywhere (outside a text field): every shortcut, from the same table the handlers use. */
export function ShortcutHelp() {
  const t = useT();
  const { open, setOpen } = useShortcutHelpStore();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!typingIn(e.target) && matches(e, SHORTCUTS.help)) {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);

  if (!open) return null;
  const all: Shortcut[] = Object.values(SHORTCUTS);
  // Keys the call screen reads that are not letters of the table: the script's answers and Enter.
  const extra: Record<string, [string, string][]> = {
    call: [
      ['1–9', t('shortcut.answers')],
      ['Enter', t('shortcut.continue')],
    ],
    wrapUp: [['Enter', t('shortcut.enterSaves')]],
  };
  return (
    <div className="palette__backdrop" onClick={() => setOpen(false)}>
      <div
        className="palette shortcuts"
        role="dialog"
        aria-modal="true"
        aria-label={t('shortcut.title')}
        onClick={(e) => e.stopPropagation()}
      >
        <h2>{t('shortcut.title')}</h2>
        <p className="muted">{t('shortcut.layout')}</p>
        {SCOPES.map((scope) => (
          <section key={scope} aria-label={t(`shortcut.scope.${scope}`)}>
            <h3>{t(`shortcut.scope.${scope}`)}</h3>
            <dl className="shortcuts__list">
              {all
                .filter((s) => s.scope === scope)
                .map((s) => (
                  <div key={`${s.code}${s.alt ? 'a' : ''}${s.mod ? 'm' : ''}`}>
                    <dt>
                      <kbd>{hint(s)}</kbd>
                    </dt>
                    <dd>{t(s.label)}</dd>
                  </div>
                ))}
              {(extra[scope] ?? []).map(([keys, text]) => (
                <div key={keys + text}>
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{text}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <button className="button" type="button" onClick={() => setOpen(false)} autoFocus>
          {t('shortcut.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
