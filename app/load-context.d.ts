import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the HTTP server saw it (for sign-in throttling). */
    clientAddress?: string;
    /** This response's Content-Security-Policy nonce for Remix's inline scripts (app/cli/serve.ts). */
    cspNonce?: string;
    /** A request for a whole page, not for a page's data alone (single fetch's `.data` URLs): app/cli/serve.ts. */
    documentRequest?: boolean;
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
