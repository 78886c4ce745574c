import { createContext, useContext } from "react";

/** The per-request CSP nonce, so every script React Router renders carries it. */
export const NonceContext = createContext<string>("");

export function useNonce(): string {
  return useContext(NonceContext);
}
