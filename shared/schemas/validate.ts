import type { JsonSchema } from './json-schema.ts';

export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * Validates a value against our JSON Schema subset without code generation, so it runs under a
 * CSP without `unsafe-eval` and on the server alike. Returns every issue found, empty when valid.
 */
export function validate(schema: JsonSchema, value: unknown, path = '', depth = 0): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = path || '(document)';
  const fail = (message: string) => issues.push({ path: at, message });
  // Our schemas nest a few levels; anything deeper is an attack on the stack, not a document.
  if (depth > MAX_DEPTH) return [{ path: at, message: 'is nested too deeply' }];

  if (schema.enum && !schema.enum.includes(value as string | number)) {
    fail(`must be one of ${schema.enum.join(', ')}`);
    return issues;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [{ path: at, message: 'must be a string' }];
      if (schema.minLength !== undefined && value.length < schema.minLength)
        fail(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        fail(`must be at most ${schema.maxLength} characters`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail('has the wrong format');
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [{ path: at, message: 'must be a number' }];
      if (schema.type === 'integer' && !Number.isInteger(value)) fail('must be a whole number');
      if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
      if (schema.multipleOf !== undefined && !isMultiple(value, schema.multipleOf))
        fail(schema.multipleOf === 1 ? 'must be a whole number' : `must be a multiple of ${schema.multipleOf}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      break;
    case 'array':
      if (!Array.isArray(value)) return [{ path: at, message: 'must be a list' }];
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        fail(`must have at most ${schema.maxItems} items`);
      if (schema.items) {
        const items = schema.items;
        value.forEach((item, i) => issues.push(...validate(items, item, `${path}[${i}]`, depth + 1)));
      }
      break;
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [{ path: at, message: 'must be an object' }];
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      // Own properties only: `constructor` or `toString` must not find Object.prototype's members.
      for (const key of schema.required ?? []) {
        if (!Object.hasOwn(record, key) || record[key] === undefined)
          issues.push({ path: join(path, key), message: 'is required' });
      }
      for (const [key, child] of Object.entries(record)) {
        const childSchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
        if (!childSchema) {
          if (schema.additionalProperties === false) issues.push({ path: join(path, key), message: 'is not allowed' });
          else if (depth >= MAX_DEPTH) issues.push({ path: join(path, key), message: 'is nested too deeply' });
          continue;
        }
        if (child !== undefined) issues.push(...validate(childSchema, child, join(path, key), depth + 1));
      }
      break;
    }
    default:
      break;
  }
  return issues;
}

const MAX_DEPTH = 16;

/** `multipleOf` with a tolerance for binary fractions (0.01 steps of money). */
function isMultiple(value: number, step: number): boolean {
  if (step === 1) return Number.isInteger(value);
  const q = value / step;
  return Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join('; ');
}
