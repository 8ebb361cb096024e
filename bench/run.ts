/**
 * `npm run bench`: every benchmark in turn. Set BENCH_DATABASE_URL=postgres://… to measure
 * PostgreSQL as well as PGlite (BENCH_SECONDS per scenario, default 10). Results are printed
 * and written under bench/results/.
 */
await import('./startup.ts');
await import('./tickets.ts');
