import { fieldLabel } from '../../../shared/call-scripts/script-fields.ts';
import { layoutScript, stepName } from '../../../shared/call-scripts/script-edit.ts';
import { edgeKey, type ScriptStats } from '../../../shared/call-scripts/script-stats.ts';
import type { Script } from '../../../shared/core/types.ts';
import { useLanguageStore, useT } from '../../i18n/index.ts';

const CARD_W = 210;
const CARD_H = 124;
/** Wide enough for an answer's label to sit between two steps, never over one. */
const GAP_X = 124;
const GAP_Y = 36;
const PAD = 16;
/** Characters of an answer's label that fit in the gap at 11 px (the whole label is its tooltip). */
const LABEL_CHARS = 17;

interface Props {
  script: Script;
  stats: ScriptStats | null;
  selectedId: string;
  /** The test run's current node and path, highlighted while it walks the script. */
  walk: { current: string; path: string[] } | null;
  onSelect(id: string): void;
}

const at = (column: number, row: number) => ({ x: PAD + column * (CARD_W + GAP_X), y: PAD + row * (CARD_H + GAP_Y) });

/**
 * The script as a map: steps left to right in the order a call meets them, arrows labelled with
 * the answers, objection handlers along the bottom. Each step carries what real calls did there.
 */
export function ScriptCanvas({ script, stats, selectedId, walk, onSelect }: Props) {
  const t = useT();
  const language = useLanguageStore((st) => st.language);
  const { places, edges, rows } = layoutScript(script);
  const pos = new Map(places.map((p) => [p.id, at(p.column, p.row)]));
  const columns = Math.max(1, ...places.map((p) => p.column + 1));
  const width = PAD * 2 + columns * CARD_W + (columns - 1) * GAP_X;
  const height = PAD * 2 + Math.max(1, rows) * CARD_H + (Math.max(1, rows) - 1) * GAP_Y;
  const total = stats?.calls ?? 0;
  return (
    <div className="canvas" role="group" aria-label={t('scripts.map')}>
      <div className="canvas__inner" style={{ width, height }}>
        <svg className="canvas__edges" width={width} height={height} aria-hidden="true">
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="10"
              markerHeight="10"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#8a96a8" />
            </marker>
          </defs>
          {edges.map((e, i) => {
            const a = pos.get(e.from);
            const b = pos.get(e.to);
            if (!a || !b) return null;
            const forward = b.x > a.x;
            // Answers of one step leave it at their own height (or, going down, their own x), so
            // their arrows and labels never sit on one another.
            const siblings = edges.filter(
              (x) => x.from === e.from && pos.get(x.to) && pos.get(x.to)!.x > a.x === forward,
            );
            const k = siblings.indexOf(e);
            const share = (k + 1) / (siblings.length + 1);
            const x1 = forward ? a.x + CARD_W : a.x + CARD_W * share;
            const y1 = forward ? a.y + CARD_H * share : a.y + CARD_H;
            const x2 = forward ? b.x : b.x + CARD_W / 2;
            const y2 = forward ? b.y + CARD_H / 2 : b.y + (b.y > a.y ? 0 : CARD_H);
            const bend = forward ? GAP_X / 1.5 : 0;
            const d = forward
              ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`
              : `M${x1},${y1} C${x1},${y1 + 40} ${x2},${y2 + (b.y > a.y ? -40 : 40)} ${x2},${y2}`;
            const walked = walk ? adjacentIn(walk.path, e.from, e.to) : false;
            // The paths calls took: thicker for more calls, green where they led to requests.
            const used = stats?.edges.get(edgeKey(e.from, e.to));
            const thickness = used && total > 0 ? 1.5 + (5 * used.calls) / total : undefined;
            const classes = [
              'canvas__edge',
              walked ? 'canvas__edge--walked' : '',
              used && used.requests > 0 ? 'canvas__edge--requests' : '',
            ].join(' ');
            const label = e.label.length > LABEL_CHARS ? `${e.label.slice(0, LABEL_CHARS - 1).trimEnd()}…` : e.label;
            return (
              <g key={`${e.from}-${e.to}-${i}`}>
                <path
                  d={d}
                  className={classes}
                  style={thickness ? { strokeWidth: thickness } : undefined}
                  markerEnd="url(#arrow)"
                >
                  {used && <title>{t('scripts.edgeHint', { calls: used.calls, requests: used.requests })}</title>}
                </path>
                {e.label && (
                  // Just past the step it leaves: in the gap to the right, or below it going down.
                  <text
                    x={forward ? x1 + 6 : x1 + 4}
                    y={forward ? y1 - 5 : y1 + 14}
                    textAnchor="start"
                    className="canvas__label"
                  >
                    <title>{e.label}</title>
                    {label}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {script.nodes.map((n) => {
          const p = pos.get(n.id);
          if (!p) return null;
          const s = stats?.nodes.get(n.id) ?? { reached: 0, ended: 0, requests: 0 };
          const classes = [
            'node',
            `node--${n.kind}`,
            n.id === selectedId ? 'node--selected' : '',
            walk?.current === n.id ? 'node--current' : '',
            walk?.path.includes(n.id) ? 'node--walked' : '',
          ].join(' ');
          return (
            <button
              key={n.id}
              type="button"
              className={classes}
              style={{ left: p.x, top: p.y, width: CARD_W, height: CARD_H }}
              onClick={() => onSelect(n.id)}
              aria-pressed={n.id === selectedId}
              data-node={n.id}
            >
              <span className="node__head">
                <span className={`script__kind script__kind--${n.kind}`}>{t(`node.${n.kind}`)}</span>
                {n.id === script.startNodeId && <span className="node__start">{t('scripts.start')}</span>}
              </span>
              <strong className="node__title" title={stepName(n, 500)}>
                {stepName(n) || '—'}
              </strong>
              {n.kind === 'end' && n.outcome && <span className="node__outcome">→ {t(`outcome.${n.outcome}`)}</span>}
              {n.field && <span className="node__field">→ {fieldLabel(n.field, language) ?? n.field}</span>}
              {stats && (
                <span
                  className="node__stats"
                  data-testid={`stats-${n.id}`}
                  title={t('scripts.statsHint', { reached: s.reached, ended: s.ended, requests: s.requests })}
                >
                  <span className="node__bar" style={{ width: `${total ? (100 * s.reached) / total : 0}%` }} />
                  <span aria-hidden="true">
                    ↘ {s.reached} &nbsp; ■ {s.ended} &nbsp; ★ {s.requests}
                  </span>
                </span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function adjacentIn(path: string[], from: string, to: string): boolean {
  for (let i = 1; i < path.length; i++) if (path[i - 1] === from && path[i] === to) return true;
  return false;
}
