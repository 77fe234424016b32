/** The outcome of sending one file: the server's answer, or no answer at all (the network failed). */
export type SendOutcome = { status: number; body: Record<string, unknown> | null } | { status: "network-error" };

/**
 * Sends one file as the request body (its name percent-encoded in `X-File-Name`, as the upload API expects), reporting
 * the share sent so far: XMLHttpRequest, because fetch cannot report an upload's progress.
 */
export function sendFile(url: string, file: File, onProgress: (percent: number) => void): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    request.upload.onprogress = (e) => onProgress(e.total ? Math.round((e.loaded / e.total) * 100) : 0);
    request.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = JSON.parse(request.responseText || "null") as Record<string, unknown> | null;
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => resolve({ status: "network-error" });
    request.send(file);
  });
}
