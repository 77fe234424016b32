/**
 * What an uploaded .xlsx may hold before anything parses it. A workbook is a zip of XML files, so a few hundred KB
 * can inflate to gigabytes (a "zip bomb"), or hold millions of tiny shared strings that a reader would keep in
 * memory. `inspectXlsx` reads the zip's directory itself and inflates each part with a hard output limit, counting
 * what a reader would have to keep — it never trusts the sizes the file declares.
 */
import { crc32, inflateRawSync } from "node:zlib";
import { domainError } from "../platform/http.server";

export const XLSX_LIMITS = {
  /** All parts of the workbook together, uncompressed. */
  uncompressedBytes: 64 * 1024 * 1024,
  parts: 2_000,
  sharedStrings: 300_000,
  rows: 20_000,
  cells: 2_000_000,
  columns: 1_000,
};

export type XlsxLimits = typeof XLSX_LIMITS;

const MB = 1024 * 1024;
const refuse = (what: string) => domainError(413, `该 Excel 文件${what}，超出平台的上限：请按地区拆分后分批导入。`);
const broken = () => domainError(422, "无法读取该 Excel 文件：文件可能已损坏。请用平台导出的模板重新填写后上传。");

type Entry = {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

function centralDirectory(zip: Buffer, limits: XlsxLimits): Entry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) throw broken();
  const count = zip.readUInt16LE(end + 10);
  if (count > limits.parts) throw refuse(`包含 ${count} 个部件（上限 ${limits.parts} 个）`);
  const entries: Entry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw broken();
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflateEntry(zip: Buffer, entry: Entry, budget: number, tooBig: () => Error): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw broken();
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > budget) throw tooBig();
    return data;
  }
  if (entry.method !== 8) throw broken();
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooBig();
    throw broken();
  }
}

function countOf(xml: Buffer, tag: string): number {
  // `<c>` and `<c ` only, never `<col` or `<cols`.
  const open = Buffer.from(`<${tag}`);
  let n = 0;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at + open.length)) {
    const next = xml[at + open.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n++;
  }
  return n;
}

/**
 * Refuses, with a Chinese message naming the limit, a workbook that would take more than the limits to read: the
 * uncompressed size of its parts, its shared strings, and the rows and cells of any sheet.
 */
export function inspectXlsx(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): void {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tooBig = () => refuse(`解压后超过 ${limits.uncompressedBytes / MB} MB`);
  let budget = limits.uncompressedBytes;
  for (const entry of centralDirectory(zip, limits)) {
    const xml = inflateEntry(zip, entry, budget, tooBig);
    budget -= xml.length;
    if (/^xl\/sharedStrings\.xml$/i.test(entry.name)) {
      const strings = countOf(xml, "si");
      if (strings > limits.sharedStrings)
        throw refuse(`含有 ${strings} 个共享字符串（上限 ${limits.sharedStrings} 个）`);
    } else if (/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) {
      const rows = countOf(xml, "row");
      if (rows > limits.rows) throw refuse(`的一个工作表有 ${rows} 行（上限 ${limits.rows} 行）`);
      const cells = countOf(xml, "c");
      if (cells > limits.cells) throw refuse(`的一个工作表有 ${cells} 个单元格（上限 ${limits.cells} 个）`);
    }
  }
}

/**
 * The same workbook with its parts reordered for exceljs's streaming reader: the workbook, its relationships and
 * the shared strings (an empty table added when the file has none, as files with inline strings do) before any
 * worksheet. Excel writes worksheets first; the reader then parks them in temporary files and — measured with a
 * two-sheet workbook arriving in one chunk — loses the last one. Compressed data is copied, never re-inflated.
 */
export function streamingOrder(bytes: Uint8Array): Buffer {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(zip, { ...XLSX_LIMITS, parts: Number.MAX_SAFE_INTEGER });
  const isSheet = (e: Entry) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name);
  const parts = [...entries.filter((e) => !isSheet(e)), ...entries.filter(isSheet)].map((e) => {
    const at = e.localOffset;
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    return { ...e, data: zip.subarray(start, start + e.compressedSize) };
  });
  if (!entries.some((e) => /^xl\/sharedStrings\.xml$/i.test(e.name))) {
    const empty = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst count="0" uniqueCount="0"/>');
    const table = { name: "xl/sharedStrings.xml", method: 0, crc: crc32(empty) >>> 0, size: empty.length };
    parts.splice(parts.findIndex(isSheet) < 0 ? parts.length : parts.findIndex(isSheet), 0, {
      ...table,
      compressedSize: empty.length,
      localOffset: 0,
      data: empty,
    });
  }
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
