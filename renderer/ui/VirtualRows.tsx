import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useLayoutEffect, useState } from 'react';

/**
 * Long tables and lists inside a page that scrolls: only the rows in view (and a few either side) are
 * in the DOM, the rest stand in as two spacers of the right height, so a screen with 50k callbacks or
 * requests opens and scrolls as one with fifty. Rows keep their table or list semantics (the spacers
 * are hidden from assistive technology; `aria-rowcount`/`aria-setsize` tell the whole length) and
 * are measured as they render, so rows of different heights scroll without jumps.
 */

/** The nearest ancestor that scrolls (a `.page`, a side panel), else the document. */
function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return document.scrollingElement as HTMLElement;
}

/**
 * Lists this short are rendered whole: cheap to draw, and the browser's find (Ctrl+F) and a screen
 * reader's reading of the page still reach every row.
 */
const RENDER_WHOLE_UP_TO = 200;

function useVirtualRows<E extends HTMLElement>(count: number, estimate: number) {
  const whole = count <= RENDER_WHOLE_UP_TO;
  const [anchor, setAnchor] = useState<E | null>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [margin, setMargin] = useState(0);
  // Where the rows start inside the scrolling ancestor. What is above them (filters, other tables, a
  // banner) can grow or shrink, so it is measured again as the page scrolls and as its parts resize.
  useLayoutEffect(() => {
    if (!anchor || whole) return;
    const parent = scrollParent(anchor);
    setScroller(parent);
    const measure = () => {
      const top = Math.round(
        anchor.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop,
      );
      setMargin((m) => (Math.abs(m - top) > 1 ? top : m));
    };
    measure();
    parent.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    for (const part of [parent, ...parent.children]) resized.observe(part);
    return () => {
      parent.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, [anchor, count, whole]);
  const virtualizer = useVirtualizer({
    count: whole ? 0 : count,
    getScrollElement: () => scroller,
    estimateSize: () => estimate,
    overscan: 10,
    scrollMargin: margin,
  });
  if (whole) {
    return {
      anchor: setAnchor,
      rows: Array.from({ length: count }, (_, index) => ({ index })),
      before: 0,
      after: 0,
      measure: undefined,
    };
  }
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  return {
    anchor: setAnchor,
    rows: items,
    before: first ? first.start - margin : 0,
    after: last ? Math.max(0, virtualizer.getTotalSize() - (last.end - margin)) : 0,
    measure: virtualizer.measureElement,
  };
}

interface BodyProps<T> {
  items: readonly T[];
  /** How many columns the rows have (the spacers span them). */
  columns: number;
  /** A first guess at a row's height in pixels; rows are measured as they render. */
  estimate?: number;
  rowKey(item: T): string | number;
  rowClassName?(item: T): string | undefined;
  /** The table's rows above the body (its header rows), for `aria-rowindex`. */
  headerRows?: number;
  /** The row's cells. */
  children(item: T, index: number): ReactNode;
}

/** A table's `<tbody>` with only the rows in view; put it in a `<table aria-rowcount={n + headerRows}>`. */
export function VirtualTbody<T>({
  items,
  columns,
  estimate = 44,
  rowKey,
  rowClassName,
  headerRows = 1,
  children,
}: BodyProps<T>) {
  const { anchor, before, after, rows, measure } = useVirtualRows<HTMLTableSectionElement>(items.length, estimate);
  const spacer = (height: number) =>
    height > 0 && (
      <tr aria-hidden="true" className="vrows__spacer">
        <td colSpan={columns} style={{ height }} />
      </tr>
    );
  return (
    <tbody ref={anchor}>
      {spacer(before)}
      {rows.map((v) => {
        const item = items[v.index]!;
        return (
          <tr
            key={rowKey(item)}
            ref={measure}
            data-index={v.index}
            aria-rowindex={v.index + headerRows + 1}
            className={rowClassName?.(item)}
          >
            {children(item, v.index)}
          </tr>
        );
      })}
      {spacer(after)}
    </tbody>
  );
}

interface ListProps<T> {
  items: readonly T[];
  estimate?: number;
  label: string;
  className?: string;
  itemKey(item: T): string | number;
  children(item: T, index: number): ReactNode;
}

/** A `<ul>` with only the items in view. */
export function VirtualList<T>({ items, estimate = 32, label, className, itemKey, children }: ListProps<T>) {
  const { anchor, before, after, rows, measure } = useVirtualRows<HTMLUListElement>(items.length, estimate);
  return (
    <ul ref={anchor} className={className} aria-label={label}>
      {before > 0 && <li aria-hidden="true" className="vrows__spacer" style={{ height: before }} />}
      {rows.map((v) => {
        const item = items[v.index]!;
        return (
          <li
            key={itemKey(item)}
            ref={measure}
            data-index={v.index}
            aria-posinset={v.index + 1}
            aria-setsize={items.length}
          >
            {children(item, v.index)}
          </li>
        );
      })}
      {after > 0 && <li aria-hidden="true" className="vrows__spacer" style={{ height: after }} />}
    </ul>
  );
}
