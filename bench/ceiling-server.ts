/**
 * The ceilings the product is compared with, as a separate process on the same machine: a bare
 * Fastify server with a hello route and, given DATABASE_URL, a route doing one INSERT of a
 * ticket-sized row into PostgreSQL (autocommit, fsync on: the same durability as a ticket).
 * PORT chooses the port; DATABASE_POOL_MAX the pool (default 20, as the product in the bench).
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));

const url = process.env.DATABASE_URL;
if (url) {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 20), application_name: 'bench-ceiling' });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_ceiling (
    id uuid PRIMARY KEY, code text NOT NULL UNIQUE, title text NOT NULL, content text NOT NULL,
    contact_name text, contact_phone text, status text NOT NULL, created_at timestamptz NOT NULL, data jsonb)`);
  let n = 0;
  app.post('/insert', async (req) => {
    const body = req.body as { content?: string; contact?: { name?: string; phone?: string } };
    const id = randomUUID();
    const { rows } = await pool.query<{ code: string }>(
      `INSERT INTO bench_ceiling (id, code, title, content, contact_name, contact_phone, status, created_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, 'new', now(), $7) RETURNING code`,
      [id, `B-${process.pid}-${++n}`, (body.content ?? '').slice(0, 120), body.content ?? '', body.contact?.name ?? null, body.contact?.phone ?? null, JSON.stringify({ channel: 'phone_in' })],
    );
    return { id, code: rows[0]!.code };
  });
}

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
