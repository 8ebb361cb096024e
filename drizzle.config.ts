import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL migration files from the TypeScript schema; the product
// applies them itself at start-up (src/server/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './migrations',
});
