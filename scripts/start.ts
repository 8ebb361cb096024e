/**
 * `npm start`: builds the web app when it is missing or older than its sources, then starts
 * the server. A later start with nothing changed goes straight to the server.
 */
import { buildWebApp, webBuildIsStale } from './web-build.ts';

if (webBuildIsStale()) {
  process.stdout.write('Đang dựng giao diện web (lần đầu hoặc mã nguồn đã đổi)… / building the web app…\n');
  buildWebApp();
}

await import('../src/server/main.ts');
