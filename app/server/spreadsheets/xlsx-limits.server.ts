/**
 * What an uploaded .xlsx may hold before anything parses it. A workbook is a zip of XML files, so a few hundred KB
 * can inflate to gigabytes (a "zip bomb"), or hold millions of tiny shared strings that a reader would keep in
 * memory. `inspectXlsx` reads the zip's directory itself and inflates each part with a hard output limit, counting
 * what a reader would have to keep — it never trusts the sizes the file declares.
 */
import { inflateRawSync } from "node:zlib";
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

type Entry = { name: string; method: number; compressedSize: number; localOffset: number };

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
      compressedSize: zip.readUInt32LE(at + 20),
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
