import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { QmoTransaction } from './audit-append.js';
import type { QmoDatabase } from './database.js';

/**
 * Writes and reads of a table's whole rows with statements whose text is built once: a row (or a
 * batch of rows) travels as one jsonb parameter that `jsonb_populate_record(set)` turns into the
 * table's row type, PostgreSQL converting each member with its column's input function (exact
 * decimals as strings, jsonb members as they are, JSON null as NULL). Building drizzle's
 * column-by-column INSERT and UPDATE costs more than running them (0.2–0.4 ms for an order or ten
 * verdicts); this costs a JSON.stringify.
 */
export class JsonRows<TRow extends Record<string, unknown>> {
  /** [property, column name, column] in table order. */
  private readonly columns: [string, string, ReturnType<typeof getTableColumns>[string]][];
  private readonly table: string;

  constructor(table: PgTable) {
    this.table = quote(getTableName(table));
    this.columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name, column]);
  }

  /** The rows as a JSON array of objects keyed by column name (columns in `skip` left out). */
  json(rows: readonly Partial<TRow>[], skip: ReadonlySet<string> = NONE): string {
    return `[${rows.map((row) => this.object(row, skip)).join(',')}]`;
  }

  /** One row as a JSON object keyed by column name; `raw` members are JSON text written as is. */
  object(
    row: Partial<TRow>,
    skip: ReadonlySet<string> = NONE,
    raw: Readonly<Record<string, string>> = {},
  ): string {
    const members: string[] = [];
    for (const [key, name] of this.columns) {
      if (skip.has(key)) continue;
      const value = raw[key] ?? JSON.stringify(row[key] ?? null);
      members.push(`${JSON.stringify(name)}:${value}`);
    }
    return `{${members.join(',')}}`;
  }

  /**
   * `insert into <table> (<columns>) select <columns> from jsonb_populate_recordset(null::<table>, $1)`
   * followed by `tail`; the columns in `skip` (a serial key) are left to their defaults.
   */
  insertText(skip: ReadonlySet<string> = NONE, tail = ''): (json: string) => SQL {
    const names = this.columns
      .filter(([key]) => !skip.has(key))
      .map(([, name]) => quote(name))
      .join(', ');
    const head = `insert into ${this.table} (${names}) select ${names} from jsonb_populate_recordset(null::${this.table}, `;
    return (json) => sql`${sql.raw(head)}${json}${sql.raw(`::jsonb)${tail ? ` ${tail}` : ''}`)}`;
  }

  /** `update <table> set <every other column> from the row where <key> matches`, returning the key. */
  updateText(key: string): (json: string) => SQL {
    const keyName = quote(this.columns.find(([k]) => k === key)![1]);
    const sets = this.columns
      .filter(([k]) => k !== key)
      .map(([, name]) => `${quote(name)} = r.${quote(name)}`)
      .join(', ');
    const head = `update ${this.table} as t set ${sets} from jsonb_populate_record(null::${this.table}, `;
    const tail = `::jsonb) as r where t.${keyName} = r.${keyName} returning t.${keyName}`;
    return (json) => sql`${sql.raw(head)}${json}${sql.raw(tail)}`;
  }

  /** A row as the driver returned it (column names, driver values) → the row drizzle would give. */
  fromDriver(raw: Record<string, unknown>): TRow {
    const row: Record<string, unknown> = {};
    for (const [key, name, column] of this.columns) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as TRow;
  }
}

const NONE: ReadonlySet<string> = new Set();

/** A quoted SQL identifier. */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** The rows of `tx.execute`: PGlite answers `{ rows }`, postgres-js an array of rows. */
export async function executeRows(
  tx: Pick<QmoTransaction | QmoDatabase, 'execute'>,
  query: SQL,
): Promise<Record<string, unknown>[]> {
  const result: unknown = await tx.execute(query);
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return (result as { rows: Record<string, unknown>[] }).rows;
}
