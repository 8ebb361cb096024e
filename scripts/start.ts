/**
 * `npm start`: builds the web app when it is missing or older than its sources, then starts
 * the server. A later start with nothing changed goes straight to the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = path.join(root, 'dist', 'web', 'index.html');

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function webBuildIsStale(): boolean {
  if (!fs.existsSync(distIndex)) return true;
  const sources = Math.max(newestMtime(path.join(root, 'src', 'web')), newestMtime(path.join(root, 'src', 'common')), newestMtime(path.join(root, 'vite.config.ts')));
  return sources > fs.statSync(distIndex).mtimeMs;
}

if (webBuildIsStale()) {
  process.stdout.write('Đang dựng giao diện web (lần đầu hoặc mã nguồn đã đổi)… / building the web app…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

await import('../src/server/main.ts');
