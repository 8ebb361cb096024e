/**
 * Files on tickets: photos and documents from staff and from citizens. Each file is streamed to
 * a temporary file with a byte counter (never more than the limit is kept), judged by its bytes
 * (file-types.ts), then moved to its content-addressed place under DATA_DIR, outside any web
 * root: `attachments/<first 2 hex of sha256>/<sha256>`. The rows, one history event and one
 * audit row then commit together.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normalizePhone } from '../../../common/phone.ts';
import type { TicketStatus } from '../../../common/tickets.ts';
import { tx, type Executor } from '../../db/database.ts';
import { AppError } from '../../lib/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toAuditActor, type Actor } from '../auth/actor.ts';
import { getTicket, type TicketsDeps } from '../tickets/tickets.service.ts';
import * as repo from './attachments.repository.ts';
import { detectFileKind, sanitizeFileName, type ByteReader, type FileKind } from './file-types.ts';

export type AttachmentsDeps = TicketsDeps;

/** One part of an upload, as the route hands it over (already parsed from multipart). */
export type UploadPart = { type: 'field'; name: string; value: string } | { type: 'file'; fileName: string; stream: Readable & { truncated?: boolean } };

export interface AttachmentView {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  uploadedByCitizen: boolean;
}

/** While the ticket is being worked on, a citizen may add files (e.g. what the agency asked for). */
const CITIZEN_UPLOAD_STATES: readonly TicketStatus[] = ['new', 'forwarded', 'in_progress', 'waiting_citizen'];

const rootOf = (deps: AttachmentsDeps) => path.join(deps.config.dataDir, 'attachments');
const storagePath = (deps: AttachmentsDeps, storageKey: string) => path.join(rootOf(deps), ...storageKey.split('/'));

const toView = (r: repo.AttachmentRow): AttachmentView => ({
  id: r.id,
  fileName: r.fileName,
  mediaType: r.mediaType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  createdAt: r.createdAt.toISOString(),
  uploadedByCitizen: r.uploadedByCitizen,
});

interface StagedFile {
  tmpPath: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  kind: FileKind;
}

function tooLarge(deps: AttachmentsDeps): AppError {
  const mb = deps.config.attachmentMaxBytes / (1024 * 1024);
  return new AppError('attachment.too_large', { detail: `Mỗi tệp tối đa ${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB.` });
}

async function readerFor(filePath: string): Promise<{ read: ByteReader; close: () => Promise<void> }> {
  const fh = await open(filePath, 'r');
  return {
    read: async (offset, length) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    },
    close: () => fh.close(),
  };
}

/** Streams one file to a temporary file, counting and hashing; refuses it past the limit or when it is not an allowed kind. */
async function stageFile(deps: AttachmentsDeps, part: Extract<UploadPart, { type: 'file' }>): Promise<StagedFile> {
  const tmpDir = path.join(rootOf(deps), 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, randomUUID());
  const max = deps.config.attachmentMaxBytes;
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(tooLarge(deps));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.stream, counter, createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 })).catch((err: unknown) => {
      // The upload's own error (the body ended inside the file, perhaps while an earlier step
      // awaited) is the client's fault, a 400 (found by fuzzing); one of the disk stays a 500.
      throw err === part.stream.errored && !(err instanceof AppError) ? new AppError('request.malformed_multipart', { cause: err }) : err;
    });
    if (part.stream.truncated) throw tooLarge(deps);
    const file = await readerFor(tmpPath);
    let kind: FileKind | undefined;
    try {
      kind = size > 0 ? await detectFileKind(file.read, size) : undefined;
    } finally {
      await file.close();
    }
    if (!kind) throw new AppError('attachment.type_not_allowed', { detail: `Tệp "${sanitizeFileName(part.fileName, { mediaType: '', extension: 'bin' })}" không thuộc loại được phép.` });
    return { tmpPath, fileName: sanitizeFileName(part.fileName, kind), sizeBytes: size, sha256: hash.digest('hex'), kind };
  } catch (err) {
    part.stream.destroy();
    await rm(tmpPath, { force: true });
    throw err;
  }
}

/**
 * Moves a staged file to its content-addressed place (a rename within one file system, so a
 * reader never sees half a file). Returns true when the file is new, false when the same bytes
 * were already stored.
 */
async function placeFile(deps: AttachmentsDeps, file: StagedFile): Promise<boolean> {
  const finalPath = storagePath(deps, storageKeyOf(file.sha256));
  await mkdir(path.dirname(finalPath), { recursive: true });
  const exists = await access(finalPath).then(
    () => true,
    () => false,
  );
  if (exists) {
    await rm(file.tmpPath, { force: true });
    return false;
  }
  await rename(file.tmpPath, finalPath);
  return true;
}

const storageKeyOf = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;

interface Uploader {
  actor: Actor;
  ticketId: string;
  byCitizen: boolean;
}

/** Stages every file of the upload; `beforeFile` runs before the first byte of each is kept. */
async function receive(deps: AttachmentsDeps, parts: AsyncIterable<UploadPart>, beforeFile: (fields: Map<string, string>) => Promise<void>): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  const fields = new Map<string, string>();
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        fields.set(part.name, part.value);
        continue;
      }
      try {
        await beforeFile(fields);
      } catch (err) {
        part.stream.destroy();
        throw err;
      }
      staged.push(await stageFile(deps, part));
    }
  } catch (err) {
    await Promise.all(staged.map((f) => rm(f.tmpPath, { force: true })));
    throw err;
  }
  if (staged.length === 0) throw new AppError('request.validation_failed', { errors: [{ path: 'file', message: 'Chưa có tệp nào được gửi lên.' }] });
  return staged;
}

/** Stores the staged files and records them: rows, one history event, one audit row, one transaction. */
async function commit(deps: AttachmentsDeps, who: Uploader, staged: StagedFile[]): Promise<AttachmentView[]> {
  const created: string[] = [];
  try {
    for (const file of staged) if (await placeFile(deps, file)) created.push(file.sha256);
  } catch (err) {
    await Promise.all(staged.map((f) => rm(f.tmpPath, { force: true })));
    throw err;
  }
  const now = deps.clock.now();
  const auditActor = toAuditActor(who.actor);
  try {
    const rows = await tx(deps.database, async (t: Executor) => {
      const inserted = await repo.insertAttachments(
        t,
        staged.map((f) => ({
          ticketId: who.ticketId,
          fileName: f.fileName,
          mediaType: f.kind.mediaType,
          sizeBytes: f.sizeBytes,
          sha256: f.sha256,
          storageKey: storageKeyOf(f.sha256),
          visibility: who.byCitizen ? 'public' : 'internal',
          uploadedById: who.actor.userId,
          uploadedByCitizen: who.byCitizen,
          createdAt: now,
        })),
      );
      const files = inserted.map((r) => ({ id: r.id, fileName: r.fileName, mediaType: r.mediaType, sizeBytes: r.sizeBytes, sha256: r.sha256 }));
      await repo.insertTicketEvent(t, {
        ticketId: who.ticketId,
        at: now,
        actorId: who.actor.userId ?? who.actor.tokenId,
        actorLabel: auditActor.actorLabel,
        action: 'attachment-added',
        note: `Đính kèm ${files.length} tệp: ${files.map((f) => f.fileName).join(', ')}`.slice(0, 1000),
        visibility: who.byCitizen ? 'public' : 'internal',
        data: { attachments: files.map(({ id, fileName, mediaType, sizeBytes }) => ({ id, fileName, mediaType, sizeBytes })) },
      });
      await recordAudit(t, auditActor, { action: 'attachment.added', entityType: 'ticket', entityId: who.ticketId, changes: { byCitizen: who.byCitizen, attachments: files } }, now);
      return inserted;
    });
    return rows.map(toView);
  } catch (err) {
    // Nothing refers to files this upload brought in; identical bytes stored earlier stay.
    await Promise.all(created.map((sha) => rm(storagePath(deps, storageKeyOf(sha)), { force: true })));
    throw err;
  }
}

/**
 * Staff attach files to a ticket they can see (the scope of `getTicket`: a ticket outside it is
 * "not found"). The history event is internal.
 */
export async function addAttachments(deps: AttachmentsDeps, actor: Actor, code: string, parts: AsyncIterable<UploadPart>): Promise<AttachmentView[]> {
  const ticket = await getTicket(deps, actor, code);
  const staged = await receive(deps, parts, async () => {});
  return commit(deps, { actor, ticketId: ticket.id, byCitizen: false }, staged);
}

/**
 * A citizen attaches files to their own ticket while it is being worked on. The `phone` field
 * proves ownership and must come before the files: nothing from an unproven sender is stored.
 * A wrong number and a missing ticket look the same. The history event is public.
 */
export async function addCitizenAttachments(deps: AttachmentsDeps, actor: Actor, code: string, parts: AsyncIterable<UploadPart>): Promise<AttachmentView[]> {
  let ticketId: string | undefined;
  const staged = await receive(deps, parts, async (fields) => {
    if (ticketId) return;
    if (!fields.has('phone')) throw new AppError('request.validation_failed', { errors: [{ path: 'phone', message: 'Cần gửi trường "phone" (trước các tệp) để xác nhận phiếu là của bạn.' }] });
    const phone = normalizePhone(fields.get('phone')!);
    const ticket = await repo.findTicketForCitizen(deps.database.db, code);
    if (!ticket || !phone || !ticket.contactPhone || ticket.contactPhone !== phone) throw new AppError('ticket.not_found');
    if (!CITIZEN_UPLOAD_STATES.includes(ticket.status as TicketStatus)) throw new AppError('attachment.not_accepted');
    ticketId = ticket.id;
  });
  return commit(deps, { actor, ticketId: ticketId!, byCitizen: true }, staged);
}

/** The files of a ticket the caller can see, oldest first. */
export async function listAttachments(deps: AttachmentsDeps, actor: Actor, code: string): Promise<AttachmentView[]> {
  const ticket = await getTicket(deps, actor, code);
  return (await repo.listForTicket(deps.database.db, ticket.id)).map(toView);
}

/** One file for download, if the caller can see its ticket; every download is audited. */
export async function openAttachment(deps: AttachmentsDeps, actor: Actor, code: string, id: string): Promise<AttachmentView & { stream: Readable }> {
  const ticket = await getTicket(deps, actor, code);
  const row = await repo.findForTicket(deps.database.db, ticket.id, id);
  if (!row) throw new AppError('attachment.not_found');
  const filePath = storagePath(deps, row.storageKey);
  // A row without its file is a storage fault: it must surface as an error, not as a 404.
  await stat(filePath);
  await tx(deps.database, (t) =>
    recordAudit(t, toAuditActor(actor), { action: 'attachment.downloaded', entityType: 'attachment', entityId: row.id, changes: { ticketCode: code, sha256: row.sha256, uploadedByCitizen: row.uploadedByCitizen } }, deps.clock.now()),
  );
  return { ...toView(row), stream: createReadStream(filePath) };
}
