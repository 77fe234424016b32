// Brotli copies of the built browser assets (public/build/**/*.{js,css}), written once after `remix build` at the
// highest quality, so the server sends a phone 30% of each file without compressing it on every request.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const root = path.resolve(process.argv[2] ?? "public/build");
let files = 0;
let before = 0;
let after = 0;
for (const name of fs.readdirSync(root, { recursive: true })) {
  const file = path.join(root, String(name));
  if (!/\.(js|css|map)$/.test(file) || file.endsWith(".map")) continue;
  const bytes = fs.readFileSync(file);
  const target = `${file}.br`;
  if (!fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(file).mtimeMs)
    fs.writeFileSync(
      target,
      zlib.brotliCompressSync(bytes, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
  files++;
  before += bytes.length;
  after += fs.statSync(target).size;
}
console.log(`brotli: ${files} files, ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB`);
