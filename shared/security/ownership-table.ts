import { COLLECTIONS, ROLES, type Role } from '../core/types.ts';
import { type FieldOwner, OWNERSHIP, type Roles } from './ownership.ts';

/** The ownership table as Markdown, as docs/security.md prints it (a test keeps the two the same). */

const SHORT: Record<Role, string> = { operator: 'O', sales: 'S', supervisor: 'V', admin: 'A' };
const roles = (r: Roles) =>
  r.length === 0 ? '—' : r.length === ROLES.length ? 'all' : r.map((x) => SHORT[x]).join(' ');

function notes(owner: FieldOwner): string {
  const out: string[] = [];
  if (owner.server) out.push('server sets it');
  if (owner.claim) out.push('claim rules');
  for (const [role, bind] of Object.entries(owner.bind ?? {})) {
    out.push(bind === 'self' ? `${SHORT[role as Role]}: own id` : `${SHORT[role as Role]}: empty → own id`);
  }
  for (const [role, values] of Object.entries(owner.values ?? {})) {
    out.push(`${SHORT[role as Role]}: ${values.join(', ')}`);
  }
  if (owner.refers) {
    const mine = Object.entries(owner.refers.mine ?? {}).map(([r, f]) => `${SHORT[r as Role]}: its ${f} is theirs`);
    out.push([`a stored ${owner.refers.collection}`, ...mine].join('; '));
  }
  if ('initial' in owner)
    out.push(typeof owner.initial === 'object' ? 'starts at its default' : `starts ${JSON.stringify(owner.initial)}`);
  return out.join('; ');
}

export function ownershipMarkdown(): string {
  const parts: string[] = [];
  for (const collection of COLLECTIONS) {
    const t = OWNERSHIP[collection];
    parts.push(`### ${collection}`, '');
    parts.push(`Create: ${roles(t.create)} · delete: ${roles(t.delete)} · bring back: ${roles(t.undelete)}`);
    for (const [role, rule] of Object.entries(t.rows ?? {}))
      parts.push(`${SHORT[role as Role]} changes only ${rule.rule}.`);
    parts.push('', '| field | set at creation | changed by | rule |', '| --- | --- | --- | --- |');
    for (const [field, owner] of Object.entries(t.fields)) {
      parts.push(`| ${field} | ${roles(owner.set)} | ${roles(owner.change)} | ${notes(owner)} |`);
    }
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}
