// Child Node processes that run one of Warden's own TypeScript entries (report files, ADR 0045;
// chain verification, ADR 0048): the same Node binary with tsx's loader and the server-only
// condition, talking to its parent over an IPC channel only (never argv or the environment for
// what it is given: a database URL may carry a password).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { log } from "@/lib/observability/log";

/** The absolute path of a TypeScript entry, from the project root (the working directory). */
export const tsEntry = (...parts: string[]) => path.join(process.cwd(), ...parts);

const runnable = new Map<string, boolean>();

/** The entry and its TypeScript loader are on disk (checked once per entry and process). */
export function tsChildRunnable(entry: string): boolean {
  let ok = runnable.get(entry);
  if (ok === undefined) {
    ok = fs.existsSync(entry) && fs.existsSync(path.join(process.cwd(), "node_modules", "tsx"));
    if (!ok) log.warn({ entry }, "no child process entry here (entry or tsx missing); working inline");
    runnable.set(entry, ok);
  }
  return ok;
}

/** Starts `entry` with an IPC channel; its stdout and stderr are this process's. */
export function spawnTsChild(entry: string, nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...nodeFlags, entry], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}
