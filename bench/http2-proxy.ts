/**
 * A TLS + HTTP/2 reverse proxy in front of the server, as the README's deployment notes put nginx there: the browser
 * speaks HTTP/2 to it (one connection, every request at once), it speaks HTTP/1.1 to `branchmark serve`. For
 * benchmarks only — a certificate made for localhost on the spot, no limits of its own.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { tempDir } from "../tests/helpers/server";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

export async function startHttp2Proxy(
  target: string,
): Promise<{ url: string; spki: string; close: () => Promise<void> }> {
  const dir = tempDir("branchmark-tls-");
  const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  const made = spawnSync("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"],
    ...["-keyout", keyFile, "-out", certFile],
  ]);
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
  // The certificate's public key hash, for Chromium to trust it (a page with a certificate error is never cached).
  const spki = spawnSync(
    "sh",
    [
      "-c",
      `openssl x509 -pubkey -noout -in "${certFile}" | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`,
    ],
    { encoding: "utf8" },
  ).stdout.trim();
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http2.createSecureServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) });
  server.on("stream", (stream, headers) => {
    const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(":")));
    const request = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: headers[":method"],
        path: headers[":path"],
        headers: { ...forwarded, host: upstream.host, "x-forwarded-proto": "https" },
        agent,
      },
      (response) => {
        const answer = Object.fromEntries(
          Object.entries(response.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
        ) as http2.OutgoingHttpHeaders;
        stream.respond({ ...answer, ":status": response.statusCode ?? 502 });
        response.pipe(stream);
      },
    );
    request.on("error", () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    stream.pipe(request);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    spki,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
