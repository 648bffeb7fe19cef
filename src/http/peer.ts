/**
 * The address a request came from. Bun knows it only for the Request object it received
 * (`server.requestIP`); a request rewritten on its way in (src/http/base-path.ts) carries it along here, under
 * a symbol no client can set.
 */
import type { Server } from "bun";

const PEER = Symbol("pinflow.peer");

type Carrier = Request & { [PEER]?: string };

/** `to` (made from `from`) remembers the address Bun saw for `from`. */
export function carryPeer(from: Request, to: Request, server: Pick<Server<unknown>, "requestIP">): Request {
  const address = (from as Carrier)[PEER] ?? server.requestIP(from)?.address;
  if (address !== undefined) Object.defineProperty(to, PEER, { value: address });
  return to;
}

/** The socket's address, or undefined without a socket (app.handle in tests). */
export function peerAddress(
  request: Request,
  server: Pick<Server<unknown>, "requestIP"> | null | undefined,
): string | undefined {
  return (request as Carrier)[PEER] ?? server?.requestIP(request)?.address;
}
