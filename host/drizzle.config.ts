import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w @qmo/host` writes a new migration into ./drizzle after a change to the schema.
// The migrations are committed and applied by the host at start (src/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
