/**
 * How the figures kept beside the documents (sales-figures.ts, script-figures.ts) read a field of a
 * stored document in each store's SQL: SQLite's JSON text and PostgreSQL's jsonb.
 */
/** One dialect's way to read a field of a row's document. */
export interface Dialect {
  text(row: string, path: string): string;
  number(row: string, path: string): string;
  live(row: string): string;
  /** The n-th parameter of a query. */
  param(n: number): string;
}

/** A column of `row`, or of the table itself when `row` is '' (an index's own terms). */
export const col = (row: string, name: string) => (row ? `${row}.${name}` : name);

export const SQLITE: Dialect = {
  text: (row, path) => `COALESCE(json_extract(${col(row, 'data')}, '$.${path}'), '')`,
  number: (row, path) => `COALESCE(json_extract(${col(row, 'data')}, '$.${path}'), 0)`,
  live: (row) => `${col(row, 'deleted')} = 0`,
  param: (n) => `?${n}`,
};

const pgPath = (row: string, path: string) => {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  return `${col(row, 'data')}${parts.map((p) => `->'${p}'`).join('')}->>'${last}'`;
};

export const POSTGRES: Dialect = {
  text: (row, path) => `coalesce(${pgPath(row, path)}, '')`,
  number: (row, path) => `coalesce((${pgPath(row, path)})::float8, 0)`,
  live: (row) => `NOT ${col(row, 'deleted')}`,
  param: (n) => `$${n}`,
};
