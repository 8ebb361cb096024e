import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicRoute } from '../../lib/rate-limits.ts';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../lib/app-error.ts';
import { problems } from '../../lib/schemas.ts';
import { addAttachments, addCitizenAttachments, listAttachments, openAttachment, type UploadPart } from './attachments.service.ts';
import { contentDisposition } from './file-types.ts';

const uploaders = { roles: ['operator', 'supervisor', 'agency_focal', 'agency_staff'], scopes: ['tickets:write'] } as const;
const readers = { roles: ['operator', 'supervisor', 'leader', 'admin', 'agency_focal', 'agency_staff'], scopes: ['tickets:read'] } as const;
const MAX_FILES = 10;

const Code = Type.String({ pattern: '^[A-Za-z0-9]{1,10}-\\d{4}-\\d{6}$', description: 'e.g. 1022-2026-000123' });
const Attachment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  uploadedByCitizen: Type.Boolean(),
});
const AttachmentList = Type.Object({ items: Type.Array(Attachment) });
const KINDS = 'Accepted, judged by the bytes: JPEG, PNG, WebP, HEIC, PDF, DOCX, XLSX, DOC, XLS.';

/** Multipart parts as the service wants them; the parser's limit errors become our codes. */
async function* partsOf(req: FastifyRequest, maxBytes: number): AsyncIterable<UploadPart> {
  if (!req.isMultipart()) throw new AppError('request.unsupported_media_type', { detail: 'Hãy gửi tệp dạng multipart/form-data.' });
  try {
    // One byte over the limit reaches the service's counter, which refuses the file.
    for await (const part of req.parts({ limits: { fileSize: maxBytes + 1, files: MAX_FILES, fields: 5, fieldSize: 200, parts: MAX_FILES + 5 } })) {
      // A part with a file's content type but no file name is a file too, named by the service (found by fuzzing).
      if (part.type === 'file') yield { type: 'file', fileName: (part.filename as string | undefined) ?? '', stream: part.file };
      else yield { type: 'field', name: part.fieldname, value: typeof part.value === 'string' ? part.value : '' };
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('request.body_too_large', { detail: `Tối đa ${MAX_FILES} tệp mỗi lần gửi.` });
    }
    if (err instanceof AppError) throw err;
    // Anything else the parser raises is a body that is not valid multipart (found by fuzzing).
    throw new AppError('request.malformed_multipart', { cause: err });
  }
}

/** Attachments: staff upload, list and download within their scope; citizens upload to their own ticket. */
export const attachmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const PUBLIC = publicRoute(app.deps.config, 'write');
  const maxBytes = app.deps.config.attachmentMaxBytes;

  app.post(
    '/tickets/:code/attachments',
    {
      config: { access: uploaders },
      schema: {
        tags: ['attachments'],
        summary: 'Attach one or more files to a ticket in your scope (multipart/form-data)',
        description: `${KINDS} Each file at most ${maxBytes} bytes, at most ${MAX_FILES} files.`,
        consumes: ['multipart/form-data'],
        params: Type.Object({ code: Code }),
        response: { 201: AttachmentList, ...problems(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (req, reply) => reply.status(201).send({ items: await addAttachments(app.deps, req.actor, req.params.code, partsOf(req, maxBytes)) }),
  );

  app.get(
    '/tickets/:code/attachments',
    { config: { access: readers }, schema: { tags: ['attachments'], summary: 'The files of a ticket in your scope', params: Type.Object({ code: Code }), response: { 200: AttachmentList, ...problems(400, 401, 403, 404) } } },
    async (req) => ({ items: await listAttachments(app.deps, req.actor, req.params.code) }),
  );

  app.get(
    '/tickets/:code/attachments/:id',
    {
      config: { access: readers },
      schema: { tags: ['attachments'], summary: 'Download one file (always as an attachment; audited)', params: Type.Object({ code: Code, id: Type.String({ format: 'uuid' }) }), response: problems(400, 401, 403, 404) },
    },
    async (req, reply) => {
      const file = await openAttachment(app.deps, req.actor, req.params.code, req.params.id);
      return reply
        .type(file.mediaType)
        .headers({
          'content-disposition': contentDisposition(file.fileName),
          'content-length': String(file.sizeBytes),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        })
        .send(file.stream);
    },
  );

  app.post(
    '/public/tickets/:code/attachments',
    {
      config: PUBLIC,
      schema: {
        tags: ['citizen'],
        summary: 'Send files for your ticket while it is being worked on (multipart/form-data)',
        description: `Send the \`phone\` field (the number given when submitting) before the files. ${KINDS} Each file at most ${maxBytes} bytes.`,
        consumes: ['multipart/form-data'],
        params: Type.Object({ code: Code }),
        response: { 201: AttachmentList, ...problems(400, 404, 409, 413, 415, 422, 429) },
      },
    },
    async (req, reply) => reply.status(201).send({ items: await addCitizenAttachments(app.deps, req.actor, req.params.code, partsOf(req, maxBytes)) }),
  );
};
