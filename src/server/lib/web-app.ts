/**
 * Serves the built web app (dist/web) from the same server: hashed assets cached for a year,
 * index.html never cached, and any page URL answered with index.html (client-side routing).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Registers the static files; returns the SPA fallback, or undefined if the app is not built. */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<((reply: FastifyReply) => FastifyReply) | undefined> {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ distDir }, 'web app not built; run `npm run build` (npm start does it)');
    return undefined;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    setHeaders(reply, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const serve = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', distDir);
  app.get('/', { schema: { hide: true } }, (_req, reply) => serve(reply));
  return serve;
}
