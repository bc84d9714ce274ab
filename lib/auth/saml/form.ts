// Reads the ACS form post (HTTP-POST binding) through the shared body reader with a hard byte cap,
// streaming, so an oversize body is refused before it is buffered whole or parsed. 640 KB of form data is more than a
// 256 KB SAMLResponse needs after base64 and URL encoding; the validator enforces the 256 KB.
import "server-only";
import { WardenError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http/body";
import { SamlError } from "./types";

export const SAML_FORM_MAX_BYTES = 640 * 1024;

export interface SamlForm {
  samlResponse: string | null;
  relayState: string | null;
}

const tooLarge = () => new SamlError("body_too_large", "SAMLResponse exceeds 256 KB");

export async function readSamlForm(req: Request): Promise<SamlForm> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded"))
    throw new SamlError("malformed", "Expected an HTTP-POST binding form");
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, { limit: SAML_FORM_MAX_BYTES });
  } catch (e) {
    if (e instanceof WardenError && e.type === "payload_too_large") throw tooLarge();
    throw e;
  }
  const form = new URLSearchParams(bytes.toString("utf8"));
  return { samlResponse: form.get("SAMLResponse"), relayState: form.get("RelayState") };
}
