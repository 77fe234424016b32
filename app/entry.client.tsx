import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { rememberSharedText } from "./utils/shared-json";
import { carryTypedAnswers } from "./components/form/typed-answers";

/**
 * The shared texts the page's data left out (`SharedJsonPreload`), fetched before the page is hydrated: the browser
 * asked for them while the scripts loaded, so this takes the answers it already has. False when one could not be had.
 */
async function fetchSharedTexts(): Promise<boolean> {
  const links = document.querySelectorAll<HTMLLinkElement>("link[data-shared-json]");
  const fetched = await Promise.all(
    [...links].map(async (link) => {
      try {
        const response = await fetch(link.href);
        if (!response.ok || !response.headers.get("content-type")?.startsWith("application/json")) return false;
        rememberSharedText(link.dataset.sharedJson!, await response.text());
        return true;
      } catch {
        return false;
      }
    }),
  );
  return fetched.every(Boolean);
}

/**
 * The page as the server drew it, with a notice to reload it: without its shared text it cannot be drawn again in
 * the browser, and hydrating it would not match what the server drew. What was typed into the form the server drew
 * meanwhile goes with the reload.
 */
function askToReload(): void {
  const notice = document.createElement("div");
  notice.className = "load-failure";
  notice.setAttribute("role", "alert");
  notice.textContent = "页面数据未能载入：网络中断，或上级刚刚更新了评价标准。";
  const reload = document.createElement("button");
  reload.type = "button";
  reload.textContent = "刷新页面";
  reload.addEventListener("click", () => {
    carryTypedAnswers();
    location.reload();
  });
  notice.append(reload);
  document.body.prepend(notice);
}

void fetchSharedTexts().then((complete) => {
  if (!complete) return askToReload();
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
