// A real SMTP server on 127.0.0.1 (smtp-server: no TLS, no login) that keeps every message it
// receives, for tests of the mail the app sends. The app reaches it only if the test file lists
// 127.0.0.1 in WARDEN_OUTBOUND_ALLOW (or allows its URL with allowOutbound).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Mail {
  /** The envelope's recipients, comma-joined. */
  to: string;
  /** The message as sent: headers and MIME body. */
  body: string;
}

export interface SmtpSink {
  /** Every message received so far, in order. */
  mails: Mail[];
  /** smtp://127.0.0.1:<port>, on a port chosen at start. */
  url: string;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString()));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), body });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    mails,
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
