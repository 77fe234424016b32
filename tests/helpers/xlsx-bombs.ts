/**
 * Hostile workbooks for the H1 tests and benchmark: small zips that inflate to far more than they weigh. Each part
 * is deflated from a repeated unit in a stream, so making a 384 MB bomb never holds 384 MB here either.
 */
import { constants, crc32, createDeflateRaw } from "node:zlib";

type Part = { name: string; head: string; unit: string; count: number; tail: string };

async function deflatePart(part: Part): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  let crc = crc32(part.head);
  deflate.write(part.head);
  const batch = part.unit.repeat(Math.min(part.count, 65_536));
  const batchCount = Math.min(part.count, 65_536);
  let written = 0;
  while (written < part.count) {
    const n = Math.min(batchCount, part.count - written);
    const text = n === batchCount ? batch : part.unit.repeat(n);
    crc = crc32(text, crc);
    if (!deflate.write(text)) await new Promise((resolve) => deflate.once("drain", resolve));
    written += n;
  }
  crc = crc32(part.tail, crc);
  deflate.end(part.tail);
  await done;
  const size = Buffer.byteLength(part.head) + Buffer.byteLength(part.unit) * part.count + Buffer.byteLength(part.tail);
  return { data: Buffer.concat(chunks), crc, size };
}

/** A zip (deflated entries, 32-bit sizes) of the given parts. */
export async function zipOf(parts: Part[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = await deflatePart(part);
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
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

/** A part with the given content. */
export const fixed = (name: string, xml: string): Part => ({ name, head: xml, unit: "", count: 0, tail: "" });

const skeleton = [
  fixed(
    "[Content_Types].xml",
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
  ),
  fixed(
    "xl/workbook.xml",
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="填报" sheetId="1"/></sheets></workbook>',
  ),
];

/** The attack's file: `count` one-character shared strings (16 million weigh about 943 KB, 384 MB inflated). */
export const sharedStringsBomb = (count: number) =>
  zipOf([
    ...skeleton,
    {
      name: "xl/sharedStrings.xml",
      head: `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`,
      unit: "<si><t>a</t></si>",
      count,
      tail: "</sst>",
    },
    fixed("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>"),
  ]);

/** A sheet of `rows` empty rows: few shared strings, but more rows than a reader should hold. */
export const rowsBomb = (rows: number) =>
  zipOf([
    ...skeleton,
    {
      name: "xl/worksheets/sheet1.xml",
      head: "<worksheet><sheetData>",
      unit: '<row><c t="n"><v>1</v></c></row>',
      count: rows,
      tail: "</sheetData></worksheet>",
    },
  ]);

/** A part that inflates to `bytes` of whitespace. */
export const inflationBomb = (bytes: number) =>
  zipOf([
    ...skeleton,
    {
      name: "xl/worksheets/sheet1.xml",
      head: "<worksheet>",
      unit: " ",
      count: bytes,
      tail: "<sheetData/></worksheet>",
    },
  ]);
