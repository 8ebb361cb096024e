/**
 * What a file is, judged by its bytes alone: the name and the declared type come from the
 * client and prove nothing. Only the kinds citizens and agencies actually exchange are let in:
 * photos (JPEG, PNG, WebP, HEIC from phone cameras), PDF, Word and Excel documents. Anything
 * else (HTML, scripts, executables, archives, macro-enabled Office files) is refused.
 */

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

export interface FileKind {
  mediaType: string;
  /** The extension a download should carry, whatever the uploaded name said. */
  extension: string;
}

export const FILE_KINDS = {
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  webp: { mediaType: 'image/webp', extension: 'webp' },
  heic: { mediaType: 'image/heic', extension: 'heic' },
  heif: { mediaType: 'image/heif', extension: 'heif' },
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  doc: { mediaType: 'application/msword', extension: 'doc' },
  xls: { mediaType: 'application/vnd.ms-excel', extension: 'xls' },
} as const satisfies Record<string, FileKind>;

const startsWith = (buf: Buffer, bytes: number[], at = 0) => buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (buf: Buffer, from: number, to: number) => buf.subarray(from, to).toString('latin1');

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/** HEIC/HEIF: an ISO base media `ftyp` box whose brands say HEVC-coded still images. */
function heifKind(head: Buffer): FileKind | undefined {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return undefined;
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(head, at, at + 4));
  if (brands.some((b) => HEIC_BRANDS.has(b))) return FILE_KINDS.heic;
  // AVIF shares the container (mif1) but is not a kind we accept.
  if (HEIF_BRANDS.has(brands[0]!) && !brands.includes('avif') && !brands.includes('avis')) return FILE_KINDS.heif;
  return undefined;
}

/**
 * The names of a zip archive's entries, from its central directory (the authoritative list;
 * local headers can be forged to hide entries). Undefined when the archive is malformed.
 */
export async function zipEntryNames(read: ByteReader, size: number): Promise<string[] | undefined> {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65535.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await read(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size) return undefined;
  const cd = await read(cdOffset, cdSize);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = cd.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    if (next > cd.length) return undefined;
    names.push(cd.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at = next;
  }
  return names;
}

/** DOCX or XLSX: an Office Open XML package of the right kind, without macros. */
export function officeOpenXmlKind(names: readonly string[]): FileKind | undefined {
  if (!names.includes('[Content_Types].xml')) return undefined;
  // Macro-enabled documents (.docm/.xlsm) carry a VBA project: refused.
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return undefined;
  const word = names.some((n) => n.startsWith('word/'));
  const excel = names.some((n) => n.startsWith('xl/'));
  if (word && !excel) return FILE_KINDS.docx;
  if (excel && !word) return FILE_KINDS.xlsx;
  return undefined;
}

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;

/**
 * The stream names in an OLE2 compound file's directory (legacy DOC and XLS), following the
 * directory's sector chain through the FAT sectors listed in the header. Bounded, so that a
 * crafted file cannot loop.
 */
export async function ole2StreamNames(read: ByteReader, size: number): Promise<string[] | undefined> {
  const header = await read(0, 512);
  if (header.length < 512 || !startsWith(header, OLE2_SIGNATURE)) return undefined;
  const shift = header.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const perFatSector = sectorSize / 4;
  const difat = Array.from({ length: 109 }, (_, i) => header.readUInt32LE(76 + i * 4));
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  const nextSector = async (n: number): Promise<number> => {
    const fatSector = difat[Math.floor(n / perFatSector)];
    if (fatSector === undefined || sectorAt(fatSector) >= size) return END_OF_CHAIN;
    const entry = await read(sectorAt(fatSector) + (n % perFatSector) * 4, 4);
    return entry.length === 4 ? entry.readUInt32LE(0) : END_OF_CHAIN;
  };
  const names: string[] = [];
  let sector = header.readUInt32LE(48);
  for (let steps = 0; sector !== END_OF_CHAIN && steps < 256; steps++) {
    if (sectorAt(sector) >= size) return undefined;
    const dir = await read(sectorAt(sector), sectorSize);
    for (let at = 0; at + 128 <= dir.length; at += 128) {
      const nameBytes = dir.readUInt16LE(at + 64);
      if (nameBytes >= 2 && nameBytes <= 64) names.push(dir.subarray(at, at + nameBytes - 2).toString('utf16le'));
    }
    sector = await nextSector(sector);
  }
  return names;
}

/** DOC has a "WordDocument" stream, XLS a "Workbook" (or, before Excel 97, "Book") stream. */
export function ole2Kind(names: readonly string[]): FileKind | undefined {
  const word = names.includes('WordDocument');
  const excel = names.includes('Workbook') || names.includes('Book');
  if (word && !excel) return FILE_KINDS.doc;
  if (excel && !word) return FILE_KINDS.xls;
  return undefined;
}

/** The kind of a file of `size` bytes, or undefined when it is not one we accept. */
export async function detectFileKind(read: ByteReader, size: number): Promise<FileKind | undefined> {
  const head = await read(0, 64);
  if (startsWith(head, [0xff, 0xd8, 0xff])) return FILE_KINDS.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FILE_KINDS.png;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return FILE_KINDS.webp;
  if (ascii(head, 0, 5) === '%PDF-') return FILE_KINDS.pdf;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = await zipEntryNames(read, size);
    return names ? officeOpenXmlKind(names) : undefined;
  }
  if (startsWith(head, OLE2_SIGNATURE)) {
    const names = await ole2StreamNames(read, size);
    return names ? ole2Kind(names) : undefined;
  }
  return heifKind(head);
}

/** Reads from an in-memory buffer (tests, small inputs). */
export const bufferReader =
  (buf: Buffer): ByteReader =>
  async (offset, length) =>
    buf.subarray(Math.max(0, offset), Math.max(0, offset) + length);

/** Extensions a name may keep for each kind; any other gets the kind's own appended. */
const NAME_EXTENSIONS: Record<string, readonly string[]> = {
  jpg: ['jpg', 'jpeg', 'jfif'],
  heic: ['heic', 'heif'],
  heif: ['heif', 'heic'],
};

export const MAX_FILE_NAME_LENGTH = 200;

// eslint-disable-next-line no-control-regex
const NAME_UNSAFE = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A file name fit to store and to offer on download: NFC, no control characters, no path
 * separators, no leading dots, at most 200 characters, and an extension that matches what the
 * bytes are (`thu.html` holding a PNG becomes `thu.html.png`, so no program opens it as a page).
 */
export function sanitizeFileName(raw: string, kind: FileKind): string {
  const name = raw.replace(NAME_UNSAFE, '').normalize('NFC').replace(/[/\\]/g, '_').replace(/^[.\s]+/, '').trim();
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const keeps = (NAME_EXTENSIONS[kind.extension] ?? [kind.extension]).includes(ext);
  const stem = (keeps ? name.slice(0, dot) : name) || 'tep-dinh-kem';
  const suffix = `.${keeps ? name.slice(dot + 1) : kind.extension}`;
  return Array.from(stem).slice(0, MAX_FILE_NAME_LENGTH - suffix.length).join('').trimEnd() + suffix;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real one in RFC 5987
 * form (`filename*=UTF-8''…`), which every current browser prefers.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
