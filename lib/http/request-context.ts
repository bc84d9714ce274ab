// Request and trace ids. An incoming x-request-id (if sane) and W3C traceparent are honoured,
// so one id follows a request through the ingress, Warden and the audit trail.
import { randomBytes } from "node:crypto";

export interface RequestIds {
  requestId: string;
  traceId: string;
  spanId: string;
  /** The traceparent to send downstream. */
  traceparent: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function requestIds(headers: Headers): RequestIds {
  const incoming = headers.get("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : `req_${randomBytes(12).toString("hex")}`;
  const tp = TRACEPARENT.exec(headers.get("traceparent")?.trim().toLowerCase() ?? "");
  const traceId = tp && !/^0+$/.test(tp[1]) ? tp[1] : randomBytes(16).toString("hex");
  const flags = tp ? tp[3] : "01";
  const spanId = randomBytes(8).toString("hex");
  return { requestId, traceId, spanId, traceparent: `00-${traceId}-${spanId}-${flags}` };
}
