import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response (app/cli/serve.ts makes one per request): the server renders
 * it on Remix's own inline scripts; in the browser it is empty, as browsers hide nonces from the page.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
