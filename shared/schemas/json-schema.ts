/**
 * The subset of JSON Schema our collections use, with the RxDB top-level keywords.
 * One definition serves RxDB on the client and validation on the server (shared/schemas/validate.ts).
 */
export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  maxItems?: number;
  enum?: readonly (string | number)[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
}

export interface CollectionSchema extends JsonSchema {
  title: string;
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  indexes?: (string | string[])[];
}

export const str = (maxLength: number, extra: Partial<JsonSchema> = {}): JsonSchema => ({
  type: 'string',
  maxLength,
  ...extra,
});
export const id = (): JsonSchema => str(64);
/** UTC milliseconds; bounded so RxDB can index it. */
export const time = (): JsonSchema => ({ type: 'number', minimum: 0, maximum: 9e15, multipleOf: 1 });
export const int = (minimum: number, maximum: number): JsonSchema => ({
  type: 'integer',
  minimum,
  maximum,
  multipleOf: 1,
});
export const money = (): JsonSchema => ({ type: 'number', minimum: 0, maximum: 1e13 });
export const bool = (): JsonSchema => ({ type: 'boolean' });
export const oneOf = (values: readonly string[]): JsonSchema => ({
  type: 'string',
  enum: values,
  maxLength: Math.max(...values.map((v) => v.length)),
});
export const arrayOf = (items: JsonSchema, maxItems: number): JsonSchema => ({ type: 'array', items, maxItems });
export const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
/** Hour and minute, `HH:MM`. */
export const clock = (): JsonSchema => str(5, { pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const baseFields = { id: id(), createdAt: time(), updatedAt: time() };

/** Builds a collection schema whose every field is required (Dexie requires it for indexed ones anyway). */
export function collection(
  title: string,
  version: number,
  properties: Record<string, JsonSchema>,
  indexes: (string | string[])[] = [],
): CollectionSchema {
  const all = { ...baseFields, ...properties };
  return {
    title,
    version,
    primaryKey: 'id',
    type: 'object',
    properties: all,
    required: Object.keys(all),
    additionalProperties: false,
    indexes,
  };
}
