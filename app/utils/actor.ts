import { useRouteLoaderData } from "@remix-run/react";
import type { Role } from "./roles";

type SignedIn = { actor: { id: number; role: Role; regionCode: string; displayName?: string } };

/** The signed-in user, from the app layout's loader; undefined outside it. */
export function useActor(): SignedIn["actor"] | undefined {
  return useRouteLoaderData<SignedIn>("routes/_app")?.actor;
}
