/**
 * Canonical JSON: the text `JSON.stringify` would write, with the keys of every object sorted by
 * UTF-16 code units (as RFC 8785, JCS, sorts them), recursively, and no whitespace. Two values that
 * are equal as JSON give the same text, whatever order their keys were inserted in, so the text
 * can be hashed.
 *
 * Values are taken as `JSON.stringify` takes them: `toJSON()` is called (a Date becomes its ISO
 * string), `undefined`, functions and symbols are left out of objects and written as `null` in
 * arrays, non-finite numbers are written as `null`. A bigint or a cycle is refused (TypeError).
 * Integer-like keys ("10", "9") are sorted as strings too, unlike a JS object's own key order.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, new Set());
  if (text === undefined) throw new TypeError('canonicalJson: the value is not representable in JSON');
  return text;
}

function write(input: unknown, ancestors: Set<object>, key = ''): string | undefined {
  let value = input;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint is not representable in JSON');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.map((item, index) => write(item, ancestors, String(index)) ?? 'null');
      return `[${items.join(',')}]`;
    }
    // Boxed primitives (new String("x")) are written as their primitive, like JSON.stringify.
    if (object instanceof Number || object instanceof String || object instanceof Boolean) {
      return write(object.valueOf(), ancestors, key);
    }
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const name of Object.keys(record).sort(compareCodeUnits)) {
      const member = write(record[name], ancestors, name);
      if (member !== undefined) members.push(`${JSON.stringify(name)}:${member}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}

/** Orders strings by UTF-16 code units (what `Array.prototype.sort` does without a comparator). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
