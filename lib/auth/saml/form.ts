// Reads the ACS form post (HTTP-POST binding) with a hard byte cap, streaming, so an oversize
// body is refused before it is buffered whole or parsed. 640 KB of form data is more than a
// 256 KB SAMLResponse needs after base64 and URL encoding; the validator enforces the 256 KB.
import "server-only";
import { SamlError } from "./types";

export const SAML_FORM_MAX_BYTES = 640 * 1024;

export interface SamlForm {
  samlResponse: string | null;
  relayState: string | null;
}

const tooLarge = () => new SamlError("body_too_large", "SAMLResponse exceeds 256 KB");

export async function readSamlForm(req: Request): Promise<SamlForm> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) throw new SamlError("malformed", "Expected an HTTP-POST binding form");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > SAML_FORM_MAX_BYTES) throw tooLarge();
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > SAML_FORM_MAX_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  return { samlResponse: form.get("SAMLResponse"), relayState: form.get("RelayState") };
}
