/**
 * `npm start`: builds the web app and compiles the server when either is missing or older than
 * its sources, then runs the compiled server in this process (node alone: no TypeScript loader,
 * whose thread and transpiled copies cost the running product ~80 MB). A later start with
 * nothing changed goes straight to the server.
 */
import { pathToFileURL } from 'node:url';
import { buildWhatIsStale, serverEntry } from './builds.mjs';

buildWhatIsStale();
await import(pathToFileURL(serverEntry).href);
