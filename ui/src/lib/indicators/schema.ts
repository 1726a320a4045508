import type { IndicatorInfo, JsonSchema } from '../api/types.js';

/**
 * `decimal`: an exact decimal string (a string schema whose pattern accepts "1" and "0.5");
 * `map`: an object of free keys to one value schema (`z.record`, e.g. limits per instrument);
 * `list`: an array of strings (free, or one of an enum);
 * `json`: any other object or array, edited as JSON.
 */
export type FieldKind =
  | 'number'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'text'
  | 'decimal'
  | 'map'
  | 'list'
  | 'json';

/** One input of an indicator's settings form, derived from its JSON Schema property. */
export interface ParamField {
  key: string;
  label: string;
  kind: FieldKind;
  description?: string;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  step?: number;
  options?: unknown[];
  default?: unknown;
  /** Listed in the schema's `required`: an empty input is an error, not "unset". */
  required?: boolean;
  /** For text and decimal: the schema's pattern. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  /** For maps: the field every value is edited with (its key is empty). */
  value?: ParamField;
  /** For maps whose keys are an enum (`propertyNames.enum`): the keys allowed. */
  keyOptions?: string[];
  /** For lists: the field every item is checked with. */
  item?: ParamField;
}

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/** `fastPeriod` / `fast_period` → "Fast period". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Optional and nullable fields come as `anyOf: [{…}, {type:'null'}]`: take the first real variant. */
function unwrap(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return schema;
  const real = variants.find((v) => v.type !== 'null') ?? {};
  const { anyOf: _a, oneOf: _o, ...outer } = schema;
  return { ...unwrap(real), ...outer };
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** JSON Schema patterns are ECMA-262 with `u`; a pattern that only compiles without it is still used. */
function compiles(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // next
    }
  }
  return null;
}

/** A string schema for numbers written exactly: its pattern takes "1" and "0.5" and refuses letters. */
function isDecimalString(schema: JsonSchema): boolean {
  if (schema.format === 'decimal') return true;
  const re = schema.pattern ? compiles(schema.pattern) : null;
  return !!re && re.test('1') && re.test('0.5') && !re.test('x') && !re.test('');
}

function kindOf(schema: JsonSchema): FieldKind {
  if (Array.isArray(schema.enum)) return 'enum';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'string' && isDecimalString(schema)) return 'decimal';
  if (type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
    return 'map';
  if (type === 'array' && (schema.items?.type === 'string' || Array.isArray(schema.items?.enum)))
    return 'list';
  if (type === 'object' || type === 'array') return 'json';
  return 'text';
}

/** One field from one property schema. */
export function fieldOf(key: string, raw: JsonSchema, required = false): ParamField {
  const s = unwrap(raw);
  const kind = kindOf(s);
  const field: ParamField = { key, label: s.title ?? humanize(key), kind };
  if (s.description) field.description = s.description;
  if (s.default !== undefined) field.default = s.default;
  if (required) field.required = true;
  if (kind === 'enum') field.options = s.enum ?? [];
  if (kind === 'number' || kind === 'integer') {
    if (s.minimum !== undefined) field.min = s.minimum;
    else if (s.exclusiveMinimum !== undefined) {
      field.min = s.exclusiveMinimum;
      field.exclusiveMin = true;
    }
    // zod writes MAX_SAFE_INTEGER as the bound of every int: no bound worth showing.
    if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) field.max = s.maximum;
    else if (s.exclusiveMaximum !== undefined) {
      field.max = s.exclusiveMaximum;
      field.exclusiveMax = true;
    }
    field.step = s.multipleOf ?? (kind === 'integer' ? 1 : undefined);
  }
  if (kind === 'text' || kind === 'decimal') {
    if (s.pattern) field.pattern = s.pattern;
    if (s.minLength !== undefined) field.minLength = s.minLength;
    if (s.maxLength !== undefined) field.maxLength = s.maxLength;
  }
  if (kind === 'map' && typeof s.additionalProperties === 'object') {
    field.value = fieldOf('', s.additionalProperties, true);
    const keys = s.propertyNames?.enum;
    if (Array.isArray(keys)) field.keyOptions = keys.map(String);
  }
  if (kind === 'list' && s.items) {
    field.item = fieldOf('', s.items, true);
    if (field.item.kind === 'enum') field.options = field.item.options ?? [];
  }
  return field;
}

/** The form fields of an object schema (indicator params, risk limits), in declaration order. */
export function paramFields(schema: JsonSchema): ParamField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, raw]) => fieldOf(key, raw, required.has(key)));
}

/** Checks and converts what the user typed; the message says what is wrong. */
export function coerceParam(field: ParamField, raw: string | boolean | readonly string[]): Coerced {
  switch (field.kind) {
    case 'decimal': {
      const text = String(raw).trim();
      if (!DECIMAL_TEXT.test(text)) return { ok: false, message: 'must be a number like 100 or 0.5' };
      const re = field.pattern ? compiles(field.pattern) : null;
      if (re && !re.test(text)) {
        const notPositive = text.startsWith('-') || /^0*(\.0*)?$/.test(text);
        return { ok: false, message: notPositive ? 'must be greater than 0' : 'not in the expected format' };
      }
      return { ok: true, value: text };
    }
    case 'list': {
      const items = Array.isArray(raw)
        ? raw
        : String(raw)
            .split(/[\s,]+/)
            .map((t) => t.trim())
            .filter(Boolean);
      const out: unknown[] = [];
      for (const text of items) {
        const coerced = field.item
          ? coerceParam(field.item, String(text))
          : { ok: true as const, value: text };
        if (!coerced.ok) return { ok: false, message: `${String(text)}: ${coerced.message}` };
        if (!out.includes(coerced.value)) out.push(coerced.value);
      }
      return { ok: true, value: out };
    }
    case 'json':
    case 'map': {
      const text = String(raw).trim();
      try {
        const value: unknown = JSON.parse(text);
        if (field.kind === 'map' && (value === null || typeof value !== 'object' || Array.isArray(value)))
          return { ok: false, message: 'must be an object' };
        return { ok: true, value };
      } catch {
        return { ok: false, message: 'not valid JSON' };
      }
    }
    case 'boolean':
      return { ok: true, value: raw === true || raw === 'true' };
    case 'enum': {
      const match = field.options?.find((o) => String(o) === String(raw));
      return match === undefined
        ? { ok: false, message: 'not one of the choices' }
        : { ok: true, value: match };
    }
    case 'text': {
      const text = String(raw);
      if (field.minLength !== undefined && text.length < field.minLength)
        return { ok: false, message: `at least ${field.minLength} characters` };
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return { ok: false, message: `at most ${field.maxLength} characters` };
      const re = field.pattern ? compiles(field.pattern) : null;
      if (re && !re.test(text)) return { ok: false, message: 'not in the expected format' };
      return { ok: true, value: text };
    }
    default: {
      const text = String(raw).trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return { ok: false, message: 'must be a number' };
      if (field.kind === 'integer' && !Number.isInteger(n))
        return { ok: false, message: 'must be a whole number' };
      if (field.min !== undefined && (field.exclusiveMin ? n <= field.min : n < field.min))
        return { ok: false, message: `must be ${field.exclusiveMin ? '>' : '≥'} ${field.min}` };
      if (field.max !== undefined && (field.exclusiveMax ? n >= field.max : n > field.max))
        return { ok: false, message: `must be ${field.exclusiveMax ? '<' : '≤'} ${field.max}` };
      return { ok: true, value: n };
    }
  }
}

/**
 * Like `coerceParam`, but an empty input of an optional field means "unset" (`value: undefined`):
 * risk limits pass when a limit is not set.
 */
export function coerceOptional(field: ParamField, raw: string | boolean | readonly string[]): Coerced {
  const empty = typeof raw === 'string' ? raw.trim() === '' : Array.isArray(raw) && raw.length === 0;
  if (empty && field.kind !== 'boolean') {
    return field.required ? { ok: false, message: 'required' } : { ok: true, value: undefined };
  }
  return coerceParam(field, raw);
}

/** Defaults for a newly enabled indicator: the schema's defaults, overridden by the host's `defaults`. */
export function initialParams(info: IndicatorInfo): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of paramFields(info.params))
    if (field.default !== undefined) params[field.key] = field.default;
  return { ...params, ...info.defaults };
}
