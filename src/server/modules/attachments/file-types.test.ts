import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FILE_KINDS, bufferReader, contentDisposition, detectFileKind, sanitizeFileName } from './file-types.ts';

const detect = (buf: Buffer) => detectFileKind(bufferReader(buf), buf.length);

/** A zip archive with stored (uncompressed) entries, as Office writes its packages. */
function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A compound (OLE2) file: header, one FAT sector, one directory sector with the given streams. */
function ole2Of(streams: string[]): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44);
  header.writeUInt32LE(1, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 76 + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const dir = Buffer.alloc(512, 0);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const bytes = Buffer.from(`${name}\0`, 'utf16le');
    bytes.copy(dir, i * 128);
    dir.writeUInt16LE(bytes.length, i * 128 + 64);
    dir[i * 128 + 66] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, fat, dir]);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

describe('file kinds, judged by content', () => {
  it('recognises the photo formats phones and scanners produce', async () => {
    expect(await detect(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toBe(FILE_KINDS.jpeg);
    expect(await detect(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))).toBe(FILE_KINDS.png);
    expect(await detect(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe(FILE_KINDS.webp);
    const ftyp = (major: string, ...compatible: string[]) => {
      const box = Buffer.alloc(16 + compatible.length * 4);
      box.writeUInt32BE(box.length, 0);
      box.write(`ftyp${major}`, 4, 'latin1');
      compatible.forEach((b, i) => box.write(b, 16 + i * 4, 'latin1'));
      return Buffer.concat([box, Buffer.alloc(32)]);
    };
    expect(await detect(ftyp('heic', 'mif1', 'heic'))).toBe(FILE_KINDS.heic);
    expect(await detect(ftyp('mif1', 'mif1', 'heic'))).toBe(FILE_KINDS.heic);
    expect(await detect(ftyp('avif', 'mif1', 'avif'))).toBeUndefined();
    expect(await detect(ftyp('isom', 'isom', 'mp41'))).toBeUndefined(); // an MP4 video
  });

  it('recognises PDF, Word and Excel, new and legacy', async () => {
    expect(await detect(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe(FILE_KINDS.pdf);
    expect(await detect(zipOf({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '', 'word/document.xml': '<w:document/>' }))).toBe(FILE_KINDS.docx);
    expect(await detect(zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'xl/workbook.xml': '<workbook/>' }))).toBe(FILE_KINDS.xlsx);
    expect(await detect(ole2Of(['WordDocument', '1Table']))).toBe(FILE_KINDS.doc);
    expect(await detect(ole2Of(['Workbook']))).toBe(FILE_KINDS.xls);
  });

  it('refuses everything else, whatever its name says', async () => {
    expect(await detect(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'))).toBeUndefined();
    expect(await detect(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeUndefined();
    expect(await detect(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeUndefined();
    expect(await detect(Buffer.from('\x7fELF\x02\x01\x01', 'latin1'))).toBeUndefined();
    expect(await detect(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBeUndefined();
    expect(await detect(Buffer.alloc(0))).toBeUndefined();
    // A plain zip, a macro-enabled Word file, a zip with a broken directory, an Outlook message.
    expect(await detect(zipOf({ 'readme.txt': 'x', 'word/a.exe': 'MZ' }))).toBeUndefined();
    expect(await detect(zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '', 'word/vbaProject.bin': '' }))).toBeUndefined();
    expect(await detect(zipOf({ '[Content_Types].xml': CONTENT_TYPES, 'word/document.xml': '' }).subarray(0, 120))).toBeUndefined();
    expect(await detect(ole2Of(['__substg1.0_0037001F']))).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps a Vietnamese name in NFC, without paths or control characters', () => {
    expect(sanitizeFileName('Đơn đề nghị.pdf'.normalize('NFD'), FILE_KINDS.pdf)).toBe('Đơn đề nghị.pdf'.normalize('NFC'));
    expect(sanitizeFileName('../../etc/passwd.pdf', FILE_KINDS.pdf)).toBe('_.._etc_passwd.pdf');
    expect(sanitizeFileName('C:\\Users\\An\\scan.JPEG', FILE_KINDS.jpeg)).toBe('C:_Users_An_scan.JPEG');
    expect(sanitizeFileName('a\u0000b\r\n.png', FILE_KINDS.png)).toBe('ab.png');
    expect(sanitizeFileName('', FILE_KINDS.png)).toBe('tep-dinh-kem.png');
    expect(sanitizeFileName('.htaccess', FILE_KINDS.png)).toBe('htaccess.png');
  });

  it('gives the name the extension of what the bytes are, and at most 200 characters', () => {
    expect(sanitizeFileName('anh.html', FILE_KINDS.png)).toBe('anh.html.png');
    expect(sanitizeFileName('anh.jpeg', FILE_KINDS.jpeg)).toBe('anh.jpeg');
    const long = sanitizeFileName(`${'ệ'.repeat(300)}.docx`, FILE_KINDS.docx);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('offers the name for download in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('Biên bản (1).pdf')).toBe(`attachment; filename="Bien ban _1_.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20%281%29.pdf`);
    expect(contentDisposition('a"b;c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%3Bc.pdf`);
  });
});
