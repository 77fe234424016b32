/**
 * Evidence files, stored by their content (sha256) under the data directory — behind one small interface, so an
 * S3-compatible object store can take its place. An upload streams to a temporary file while it is hashed and
 * measured; only a complete, accepted file is moved to its content path, so a half-uploaded or refused one never
 * becomes visible, and the same content uploaded twice is stored once. Nothing is ever deleted: a file a submission
 * revision refers to must stay.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databasePath } from "../platform/db.server";
import { domainError } from "../platform/http.server";

export type Stored = { sha256: string; size: number };

export interface FileStore {
  /**
   * Streams `body` to a temporary file, refusing it past `maxBytes`; `accept` looks at the complete temporary file
   * (its kind, by its bytes) and throws to refuse it. Returns what was stored.
   */
  put<T>(
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
    accept: (file: string, size: number) => T,
  ): Promise<Stored & { accepted: T }>;
  /** Stores bytes already in hand and trusted (the demo data's files). */
  putBytes(bytes: Uint8Array): Stored;
  /** A stored file as a stream, or undefined. */
  open(sha256: string): fs.ReadStream | undefined;
  has(sha256: string): boolean;
  /** A file made from a stored one (a thumbnail), kept under a key like `thumbnails/<sha256>.jpg`. */
  putDerived(key: string, bytes: Uint8Array): void;
  openDerived(key: string): fs.ReadStream | undefined;
}

const SHA256 = /^[0-9a-f]{64}$/;
const DERIVED_KEY = /^[a-z]+\/[0-9a-f]{64}\.[a-z]+$/;

export class LocalFileStore implements FileStore {
  constructor(private root: string) {}

  private pathOf(sha256: string) {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put<T>(body: AsyncIterable<Uint8Array>, maxBytes: number, accept: (file: string, size: number) => T) {
    const temporary = path.join(this.root, "incoming");
    fs.mkdirSync(temporary, { recursive: true });
    const file = path.join(temporary, randomUUID());
    const out = fs.createWriteStream(file, { flags: "wx" });
    // A write still under way when the upload fails reports on a destroyed stream: heard here, never unhandled.
    let writeError: Error | undefined;
    out.on("error", (error) => (writeError ??= error));
    const hash = createHash("sha256");
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > maxBytes)
          throw domainError(413, `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB 的上限，未上传。`);
        hash.update(chunk);
        if (writeError) throw writeError;
        if (!out.write(chunk))
          await new Promise<void>((resolve, reject) => {
            out.once("drain", () => resolve());
            out.once("error", reject);
          });
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      if (writeError) throw writeError;
      if (size === 0) throw domainError(422, "文件是空的（0 字节），未上传。");
      const accepted = accept(file, size);
      const sha256 = hash.digest("hex");
      const target = this.pathOf(sha256);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (fs.existsSync(target)) fs.rmSync(file);
      else fs.renameSync(file, target);
      return { sha256, size, accepted };
    } catch (error) {
      // The temporary file goes once the stream has let go of it: nothing of a refused or broken upload stays.
      if (!out.closed) await new Promise<void>((resolve) => out.destroy().once("close", () => resolve()));
      fs.rmSync(file, { force: true });
      throw error;
    }
  }

  putBytes(bytes: Uint8Array): Stored {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(path.join(this.root, "incoming"), { recursive: true });
      const file = path.join(this.root, "incoming", randomUUID());
      fs.writeFileSync(file, bytes);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(file, target);
    }
    return { sha256, size: bytes.byteLength };
  }

  open(sha256: string) {
    if (!SHA256.test(sha256) || !this.has(sha256)) return undefined;
    return fs.createReadStream(this.pathOf(sha256));
  }

  has(sha256: string) {
    return SHA256.test(sha256) && fs.existsSync(this.pathOf(sha256));
  }

  private derivedPath(key: string) {
    if (!DERIVED_KEY.test(key)) throw new Error(`invalid derived file key: ${key}`);
    return path.join(this.root, "derived", key);
  }

  putDerived(key: string, bytes: Uint8Array) {
    const target = this.derivedPath(key);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const file = `${target}.${randomUUID()}`;
    fs.writeFileSync(file, bytes);
    fs.renameSync(file, target);
  }

  openDerived(key: string) {
    const file = this.derivedPath(key);
    return fs.existsSync(file) ? fs.createReadStream(file) : undefined;
  }
}

let store: FileStore | undefined;
/** The platform's store: `files/` beside the database (so each test server, with its own database, has its own). */
export function fileStore(): FileStore {
  store ??= new LocalFileStore(path.join(path.dirname(databasePath()), "files"));
  return store;
}
