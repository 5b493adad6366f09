import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { formatPhone } from '../../../shared/calling/phone.ts';
import type { Prospect } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';

const ROW_HEIGHT = 58;

interface Props {
  items: Prospect[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** Called when the user scrolls near the end, to load the next page. */
  onEndReached(): void;
}

/** Only the visible rows are in the DOM, so the list stays instant with 100k prospects. */
export function ProspectList({ items, selectedId, onSelect, onEndReached }: Props) {
  const t = useT();
  const language = useLanguageStore((s) => s.language);
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems.at(-1);

  useEffect(() => {
    if (last && last.index >= items.length - 20) onEndReached();
  }, [last, items.length, onEndReached]);

  return (
    <div
      ref={parentRef}
      className="plist"
      role="listbox"
      aria-label={t('prospects.list')}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        const index = items.findIndex((p) => p.id === selectedId);
        const next = items[Math.max(0, Math.min(items.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))];
        if (next) {
          onSelect(next.id);
          virtualizer.scrollToIndex(items.indexOf(next));
        }
      }}
    >
      <div className="plist__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((row) => {
          const p = items[row.index];
          if (!p) return null;
          return (
            <div
              key={p.id}
              role="option"
              aria-selected={p.id === selectedId}
              className={`plist__row${p.id === selectedId ? ' plist__row--selected' : ''}`}
              style={{ transform: `translateY(${row.start}px)` }}
              onClick={() => onSelect(p.id)}
              tabIndex={-1}
            >
              <span className="plist__name">{p.name}</span>
              <span className="plist__meta">
                {p.phone ? formatPhone(p.phone, p.phoneExt, language) : '—'} · {p.region || '—'} ·{' '}
                {t(`status.${p.status}`)}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
