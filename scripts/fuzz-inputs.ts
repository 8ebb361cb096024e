/**
 * What `npm run test:fuzz` sends: hostile strings, arbitrary JSON, values shaped like the dates
 * and numbers the API parses (so that a value reaches the parser behind the schema, not only the
 * schema), request headers the server reads, and multipart bodies built part by part (files
 * whose first bytes claim a kind the upload check parses further: zip archives with a central
 * directory, OLE2 compound files), some cut short or with the wrong boundary.
 */
import fc from 'fast-check';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '../src/server/modules/auth/auth.hooks.ts';

export const hostile = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE tickets; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF',
  '\uD800',
  'Đ'.repeat(5000),
  '9'.repeat(400),
  '1e309',
  '-0',
  '__proto__',
  'constructor',
  '${jndi:ldap://x}',
  '{{7*7}}',
);

/** Numbers as text, where a parser may be fooled: out of range, not finite, other notations. */
export const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '0x10', '1_000', ' 1', '1.5', '-1', '0', '2147483648', '9007199254740993', '1e21', '+1', '01'),
);

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');

/**
 * Dates and instants as text, valid or nearly: years far out of range (and with six digits and a
 * sign), the 13th month, the 30th of February, 24:00, a leap second, odd offsets.
 */
export const dateLike = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 2014, max: 2030 }), fc.integer({ min: 0, max: 9999 })),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.option(
        fc.tuple(
          fc.integer({ min: 0, max: 24 }),
          fc.integer({ min: 0, max: 60 }),
          fc.integer({ min: 0, max: 60 }),
          fc.constantFrom('Z', '+07:00', '-12:00', '+14:00', '+99:99', ''),
        ),
        { nil: undefined },
      ),
    )
    .map(([y, m, d, time]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}${time ? `T${pad(time[0], 2)}:${pad(time[1], 2)}:${pad(time[2], 2)}${time[3]}` : ''}`),
  fc.constantFrom('+275760-09-13T00:00:00.000Z', '-271821-04-20', '+010000-01-01', '2026-02-29', '2024-02-29', '1970-01-01T00:00:00.0000000001Z', '2026-12-31T23:59:60Z', 'today', ''),
);

export const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), hostile, dateLike, numberLike);

/** Arbitrary JSON, its keys often those the API reads. */
export const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.bigInt().map(String), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(
    fc.oneof(text, fc.constantFrom('version', 'code', 'phone', 'content', 'type', 'channel', 'otp', 'password', 'username', 'q', 'limit', 'cursor', 'date', 'from', 'to', 'start', 'dueAt', 'workingDays')),
    tie('value'),
    { maxKeys: 6 },
  ),
})).value;

/** Percent-encodes a path segment; a lone surrogate becomes a malformed escape, itself a fine hostile input. */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80%';
  }
};

export const pathParam = (realCode: string) => fc.oneof(fc.constant(realCode), fc.uuid(), text.map(encode));

export const query = fc.dictionary(
  fc.constantFrom('q', 'status', 'limit', 'cursor', 'phone', 'from', 'to', 'kind', 'on', 'start', 'workingDays', 'workingHours', 'year', 'agency', 'x'),
  text,
  { maxKeys: 4 },
);

/**
 * Header values as an HTTP parser lets them through (no CR, LF or NUL; bytes above 0x7f arrive as
 * Latin-1): the request id, the language, a bearer token, a cookie, the idempotency key, the
 * CSRF token and the user agent the server reads. Two requests in three carry none of them, so
 * that a junk token does not keep most anonymous requests from the public routes.
 */
const headerValue = fc
  .oneof(fc.string(), fc.string({ unit: 'binary-ascii' }), hostile, fc.string({ minLength: 200, maxLength: 3000 }))
  // eslint-disable-next-line no-control-regex
  .map((v) => v.replace(/[\r\n\0]/g, '').replace(/[^\u0000-\u00ff]/g, '?'));
export const headers = fc.oneof(
  { arbitrary: fc.constant({}), weight: 2 },
  fc.record(
    {
      'x-request-id': headerValue,
      'accept-language': fc.oneof(headerValue, fc.constantFrom('vi', 'en', 'en-US,en;q=0.9', 'vi;q=abc', '*', ';;;q=1', 'en;q=1e999')),
      authorization: fc.oneof(headerValue, headerValue.map((v) => `Bearer ${v}`), fc.constant('Bearer '), fc.constant('Basic YWRtaW46YWRtaW4=')),
      cookie: fc.oneof(headerValue, headerValue.map((v) => `${SESSION_COOKIE}=${v}; ${CSRF_COOKIE}=${v}`), fc.constant(`${SESSION_COOKIE}=; ${SESSION_COOKIE}=%ZZ; ${SESSION_COOKIE}`)),
      'idempotency-key': headerValue,
      [CSRF_HEADER]: headerValue,
      'user-agent': headerValue,
      accept: fc.constantFrom('text/html', 'application/json', '*/*', 'application/problem+json', ''),
    },
    { requiredKeys: [] },
  ),
);

const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b));

/** A zip archive's end: central directory entries with the given names, then its end record (counts and offsets sometimes wrong). */
const zipFile = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom('[Content_Types].xml', 'word/document.xml', 'xl/workbook.xml', 'word/vbaProject.bin', '_rels/.rels'), fc.string({ maxLength: 40 })), { maxLength: 6 }),
    bytes(200),
    fc.option(fc.record({ entries: fc.nat({ max: 0xffff }), size: fc.nat({ max: 0xffffffff }), offset: fc.nat({ max: 0xffffffff }) }), { nil: undefined }),
    fc.nat({ max: 100 }),
  )
  .map(([names, filler, forged, commentLength]) => {
    const head = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), filler]);
    const entries = names.map((name) => {
      const n = Buffer.from(name, 'utf8');
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(n.length, 28);
      return Buffer.concat([entry, n]);
    });
    const cd = Buffer.concat(entries);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(forged?.entries ?? names.length, 10);
    end.writeUInt32LE(forged?.size ?? cd.length, 12);
    end.writeUInt32LE(forged?.offset ?? head.length, 16);
    end.writeUInt16LE(commentLength, 20);
    return Buffer.concat([head, cd, end, Buffer.alloc(commentLength, 0x20)]);
  });

/** An OLE2 compound file: its header (sector size, directory start and FAT sectors random), then sectors holding directory-like entries. */
const ole2File = fc
  .tuple(
    fc.constantFrom(9, 12, 0, 7, 65535),
    fc.oneof(fc.nat({ max: 8 }), fc.nat({ max: 0xffffffff })),
    fc.array(fc.oneof(fc.nat({ max: 8 }), fc.constant(0xfffffffe), fc.nat({ max: 0xffffffff })), { maxLength: 4 }),
    fc.array(fc.oneof(fc.constantFrom('WordDocument', 'Workbook', 'Book', 'Root Entry'), fc.string({ maxLength: 40 })), { maxLength: 8 }),
    fc.nat({ max: 6 }),
  )
  .map(([shift, dirStart, fat, names, sectors]) => {
    const header = Buffer.alloc(512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
    header.writeUInt16LE(shift, 30);
    header.writeUInt32LE(dirStart, 48);
    for (let i = 0; i < 109; i++) header.writeUInt32LE(fat[i] ?? 0xffffffff, 76 + i * 4);
    const body = Buffer.alloc(sectors * 512);
    names.forEach((name, i) => {
      const at = i * 128;
      if (at + 128 > body.length) return;
      const n = Buffer.from(name, 'utf16le').subarray(0, 62);
      n.copy(body, at);
      body.writeUInt16LE(n.length + 2, at + 64);
    });
    return Buffer.concat([header, body]);
  });

/** A file's bytes: anything, or the first bytes of a kind with anything after them, or a zip or OLE2 file. */
export const fileContent = fc.oneof(
  bytes(2048),
  fc
    .tuple(
      fc.constantFrom([0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...Buffer.from('RIFF\0\0\0\0WEBP')], [...Buffer.from('%PDF-')], [...Buffer.from('\0\0\0\x18ftypheic')], [...Buffer.from('\0\0\0\x18ftypmif1')], [...Buffer.from('<html>')]),
      bytes(1500),
    )
    .map(([magic, rest]) => Buffer.concat([Buffer.from(magic), rest])),
  zipFile,
  ole2File,
);

interface Part {
  name: string;
  fileName: string | undefined;
  type: string | undefined;
  content: Buffer;
}

const part = (phone: string): fc.Arbitrary<Part> =>
  fc.oneof(
    fc.record({ name: fc.constant('phone'), fileName: fc.constant(undefined), type: fc.constant(undefined), content: fc.oneof(fc.constant(phone), text).map((v) => Buffer.from(v)) }),
    fc.record({
      name: fc.oneof(fc.constantFrom('file', 'files', 'x'), fc.string({ maxLength: 20 })),
      // No file name at all: the content type alone makes a part a file.
      fileName: fc.option(fc.oneof(fc.constantFrom('anh.jpg', 'don khieu nai.pdf', 'Đơn kiến nghị.docx', '../../etc/passwd', 'a'.repeat(400), '', 'x.exe', 'a\\'), fc.string({ maxLength: 60 })), {
        nil: undefined,
        freq: 8,
      }),
      type: fc.option(fc.constantFrom('image/jpeg', 'application/pdf', 'application/octet-stream', 'text/html', ''), { nil: undefined }),
      content: fileContent,
    }),
    fc.record({ name: fc.string({ maxLength: 30 }), fileName: fc.constant(undefined), type: fc.constant(undefined), content: text.map((v) => Buffer.from(v)) }),
  );

const quoted = (v: string) => v.replace(/["\r\n]/g, '_');

/**
 * A multipart/form-data body: mostly well formed (the citizen's phone first, then parts), so that
 * files reach the limits and the check of their bytes; sometimes with a boundary other than the
 * header's, cut short or unfinished.
 */
export const multipartBody = (phone: string) =>
  fc
    .record({
      proof: fc.boolean(),
      parts: fc.array(part(phone), { maxLength: 13 }),
      boundary: fc.oneof(fc.constant('----tongdai1022fuzz'), fc.stringMatching(/^[0-9A-Za-z'()+_,./:=?-]{1,70}$/)),
      header: fc.oneof({ arbitrary: fc.constant('same' as const), weight: 6 }, fc.constantFrom('none' as const, 'other' as const, 'long' as const)),
      cut: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, fc.double({ min: 0, max: 1, noNaN: true })),
      unfinished: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, fc.constant(true)),
    })
    .map(({ proof, parts, boundary, header, cut, unfinished }) => {
      const chunks: Buffer[] = [];
      const all: Part[] = proof ? [{ name: 'phone', fileName: undefined, type: undefined, content: Buffer.from(phone) }, ...parts] : parts;
      for (const p of all) {
        const disposition = `form-data; name="${quoted(p.name)}"${p.fileName === undefined ? '' : `; filename="${quoted(p.fileName)}"`}`;
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type === undefined ? '' : `Content-Type: ${p.type}\r\n`}\r\n`, 'utf8'), p.content, Buffer.from('\r\n'));
      }
      if (!unfinished) chunks.push(Buffer.from(`--${boundary}--\r\n`));
      let payload = Buffer.concat(chunks);
      if (cut !== undefined) payload = payload.subarray(0, Math.floor(payload.length * cut));
      const declared = { same: `; boundary=${boundary}`, none: '', other: '; boundary=another', long: `; boundary=${'b'.repeat(300)}` }[header];
      return { type: `multipart/form-data${declared}`, payload: payload as string | Buffer };
    });

/** A request body: JSON (sometimes not UTF-8, sometimes nested thousands deep), another content type, or multipart. */
export const body = (phone: string) =>
  fc.oneof(
    json.map((v) => ({ type: 'application/json', payload: JSON.stringify(v) as string | Buffer })),
    fc.uint8Array({ maxLength: 300 }).map((b) => ({ type: 'application/json', payload: Buffer.from(b) as string | Buffer })),
    fc.nat({ max: 5000 }).map((d) => ({ type: 'application/json', payload: '['.repeat(d) + ']'.repeat(d) })),
    fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded').map((type) => ({ type, payload: 'a=1&b=2' })),
    multipartBody(phone),
  );
