import { type PGlite, type QueryOptions, type Transaction, types } from '@electric-sql/pglite';

/**
 * The types drizzle's PGlite driver reads as the text PostgreSQL sends (it converts them itself):
 * timestamp, timestamptz, interval, date and their arrays (numeric[] too).
 */
const AS_TEXT = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231,
  1115,
  1185,
  1187,
  1182,
];

const asText = (value: string): string => value;

/**
 * The client to hand drizzle. Drizzle passes its parsers with every query, and PGlite merges them
 * into its full parser table (several hundred entries, the array types included) on every query:
 * ~0.1 ms each, more than many statements take. The same parsers are set once on the instance
 * here, and the client given to drizzle leaves them out of each query (and of each transaction's).
 */
export function withInstanceParsers(client: PGlite): PGlite {
  for (const oid of AS_TEXT) client.parsers[oid] = asText;
  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') {
        return <T>(query: string, params?: unknown[], options?: QueryOptions) =>
          target.query<T>(query, params, withoutParsers(options));
      }
      if (property === 'transaction') {
        return <T>(callback: (tx: Transaction) => Promise<T>) =>
          target.transaction((tx) => callback(transactionWithoutParsers(tx)));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function transactionWithoutParsers(tx: Transaction): Transaction {
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'query') {
        return <T>(query: string, params?: unknown[], options?: QueryOptions) =>
          target.query<T>(query, params, withoutParsers(options));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function withoutParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  if (options?.parsers === undefined) return options;
  const { parsers: _, ...rest } = options;
  return rest;
}
