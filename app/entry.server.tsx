import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./utils/nonce";

// Node-level routes the server mounts ahead of Remix (app/cli/serve.ts), living in this build so they share its modules.
export { scoreFastPath } from "./server/platform/node-api.server";
export { withDomainErrors } from "./server/platform/http.server";
export { signInRefusal, signInRefusalMessage } from "./server/auth/session.server";

const ABORT_DELAY = 10_000;

/**
 * Renders the whole page before sending it (onAllReady), so that the NUL bytes React 18 leaves in it can be taken out
 * (below). antd's styles are not part of the page: they are one stylesheet baked at build time (app/utils/theme.ts).
 * Streaming rendering is kept because single fetch delivers the loader data through a Suspense boundary.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    // Cleared once the page is sent: a pending timer holds the whole render — its HTML included — until it fires.
    const timeout = setTimeout(() => abort(), ABORT_DELAY + 1000);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            // React 18's Fizz flushes whole 2 KB buffers, so a multi-byte character straddling a buffer's end leaves
            // NUL bytes in the middle of Chinese text (facebook/react#26228, fixed only in React 19). Markup never
            // holds a NUL of its own: user text with control characters is refused on the way in.
            const html = withoutNul(Buffer.concat(chunks));
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            clearTimeout(timeout);
            resolve(new Response(html, { status, headers: responseHeaders }));
          });
          pipe(body);
        },
        onShellError(error) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error) {
          status = 500;
          console.error(error);
        },
      },
    );
  });
}

/** The bytes without their NULs (in UTF-8 a 0 byte is only ever the NUL character), without decoding them to text. */
function withoutNul(bytes: Buffer<ArrayBuffer>): Buffer<ArrayBuffer> {
  const parts: Buffer<ArrayBuffer>[] = [];
  let start = 0;
  for (let at = bytes.indexOf(0); at !== -1; at = bytes.indexOf(0, start)) {
    parts.push(bytes.subarray(start, at));
    start = at + 1;
  }
  if (start === 0) return bytes;
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}
