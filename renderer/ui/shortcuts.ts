import type { CallOutcome } from '../../shared/core/types.ts';
import type { MessageKey } from '../i18n/index.ts';

/**
 * Every keyboard shortcut, in one table that drives the handlers, the hints on buttons and the `?`
 * help. Keys are matched by their physical position (`KeyboardEvent.code`), so they work the same in
 * the Russian layout, where the key that types "N" in English types "т".
 */
export interface Shortcut {
  /** `KeyboardEvent.code` of the key. */
  code: string;
  /** Ctrl on Windows and Linux, ⌘ on macOS. */
  mod?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Where it works, for the help overlay. */
  scope: 'everywhere' | 'desk' | 'call' | 'wrapUp';
  label: MessageKey;
}

const outcome = (code: string, kind: CallOutcome): Shortcut => ({
  code,
  alt: true,
  scope: 'call',
  label: `outcome.${kind}` as MessageKey,
});

export const SHORTCUTS = {
  palette: { code: 'KeyK', mod: true, scope: 'everywhere', label: 'shortcut.palette' },
  help: { code: 'Slash', shift: true, scope: 'everywhere', label: 'shortcut.help' },
  nextCall: { code: 'KeyN', scope: 'desk', label: 'queue.next' },
  request: outcome('KeyR', 'request'),
  future_need: outcome('KeyF', 'future_need'),
  callback: outcome('KeyC', 'callback'),
  no_answer: outcome('KeyA', 'no_answer'),
  busy: outcome('KeyB', 'busy'),
  not_interested: outcome('KeyI', 'not_interested'),
  wrong_number: outcome('KeyW', 'wrong_number'),
  do_not_call: outcome('KeyD', 'do_not_call'),
  save: { code: 'Enter', mod: true, shift: false, scope: 'wrapUp', label: 'shortcut.save' },
  saveNext: { code: 'Enter', mod: true, shift: true, scope: 'wrapUp', label: 'shortcut.saveNext' },
  back: { code: 'Escape', scope: 'wrapUp', label: 'outcome.back' },
  // The softphone (Alt, like the outcomes: they work while typing notes, in either layout).
  dial: { code: 'KeyN', alt: true, scope: 'call', label: 'shortcut.dial' },
  hangUp: { code: 'KeyH', alt: true, scope: 'call', label: 'shortcut.hangUp' },
  mute: { code: 'KeyM', alt: true, scope: 'call', label: 'shortcut.mute' },
  hold: { code: 'KeyO', alt: true, scope: 'call', label: 'shortcut.hold' },
  keypad: { code: 'KeyK', alt: true, scope: 'call', label: 'shortcut.keypad' },
  autoPause: { code: 'KeyP', alt: true, scope: 'call', label: 'shortcut.autoPause' },
  autoSkip: { code: 'KeyS', alt: true, scope: 'call', label: 'shortcut.autoSkip' },
} as const satisfies Record<string, Shortcut>;

/** The outcomes in the order the call screen lists them. */
export const OUTCOME_SHORTCUTS: readonly { kind: CallOutcome; shortcut: Shortcut }[] = (
  ['request', 'future_need', 'callback', 'no_answer', 'busy', 'not_interested', 'wrong_number', 'do_not_call'] as const
).map((kind) => ({ kind, shortcut: SHORTCUTS[kind] }));

export function matches(
  e: Pick<KeyboardEvent, 'code' | 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
  s: Shortcut,
): boolean {
  // `?` is Shift+7 in the Russian layout: the help answers to the character as well.
  if (s.label === 'shortcut.help' && e.key === '?') return !e.ctrlKey && !e.metaKey && !e.altKey;
  if (e.code !== s.code) return false;
  if (Boolean(s.alt) !== e.altKey) return false;
  if (Boolean(s.mod) !== (e.ctrlKey || e.metaKey)) return false;
  return s.shift === undefined || s.shift === e.shiftKey;
}

/** The number an answer key stands for (1–9, top row or keypad), or null. */
export function answerNumber(e: Pick<KeyboardEvent, 'code'>): number | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  return m ? Number(m[1]) : null;
}

const NAMED: Record<string, string> = { Enter: 'Enter', Escape: 'Esc', Slash: '?', Space: 'Space' };

/** The letter a physical key types in the user's layout (when the browser can tell), else its Latin letter. */
let layout: ReadonlyMap<string, string> | null = null;
const keyboard = (
  globalThis.navigator as
    (Navigator & { keyboard?: { getLayoutMap?(): Promise<ReadonlyMap<string, string>> } }) | undefined
)?.keyboard;
void keyboard
  ?.getLayoutMap?.()
  .then((map) => {
    layout = map;
  })
  .catch(() => undefined);

function keyName(code: string): string {
  if (NAMED[code]) return NAMED[code];
  const fromLayout = layout?.get(code);
  const latin = /^Key([A-Z])$/.exec(code)?.[1] ?? /^Digit(\d)$/.exec(code)?.[1] ?? code;
  return fromLayout && fromLayout.toUpperCase() !== latin ? `${latin}/${fromLayout.toUpperCase()}` : latin;
}

const isMac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** How a shortcut is written on a button and in the help: `Alt+R`, `Ctrl+K`, `⌘+Enter`. */
export function hint(s: Shortcut): string {
  if (s.label === 'shortcut.help') return '?';
  return [s.mod ? (isMac ? '⌘' : 'Ctrl') : '', s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', keyName(s.code)]
    .filter(Boolean)
    .join('+');
}

/** The value of `aria-keyshortcuts` for a shortcut. */
export function ariaKeys(s: Shortcut): string {
  const key = /^Key([A-Z])$/.exec(s.code)?.[1] ?? NAMED[s.code] ?? s.code;
  return [s.mod ? 'Control' : '', s.alt ? 'Alt' : '', s.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
