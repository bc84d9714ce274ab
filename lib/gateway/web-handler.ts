// The gateway mounted in the console (single-port setups): adapts a Web Request/Response to
// the same framework-free core the lean node:http server uses.
import "server-only";
import { GATEWAY_BODY_LIMIT, readBodyBytes } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { serveChatCompletion, type GatewayDeps, type GatewayInput, type Sink } from "./core";

export async function handleWebChatCompletion(
  req: Request,
  requestId: string,
  deps: GatewayDeps = {},
  observed?: GatewayInput["observed"],
): Promise<Response> {
  const body = await readBodyBytes(req, { limit: GATEWAY_BODY_LIMIT });
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId); // one id for the route wrapper and the core
  let onClose: (() => void) | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => onClose?.(),
  });
  return new Promise<Response>((resolve, reject) => {
    const sink: Sink = {
      head: (status, h) => resolve(new Response(stream, { status, headers: h })),
      write: (c) => controller.enqueue(new Uint8Array(c)),
      end: (c) => {
        if (c !== undefined)
          controller.enqueue(typeof c === "string" ? new TextEncoder().encode(c) : new Uint8Array(c));
        controller.close();
      },
      onClose: (cb) => void (onClose = cb),
    };
    const ip = clientIp(req.headers);
    serveChatCompletion({ headers, body, ip, observed }, sink, deps).catch(reject);
  });
}
