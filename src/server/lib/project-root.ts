/**
 * The project's folder (the one holding package.json), and paths in it: the migrations and the
 * reference data ship beside the code. The same answer whether the server runs from src/ under
 * a TypeScript loader (tests, CLI) or compiled under dist/node/ (`npm start`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

export function projectPath(...segments: string[]): string {
  return path.join(projectRoot, ...segments);
}
