// Exclusive ownership of a PGlite data directory. Two processes writing one PGlite
// directory lose committed rows silently, so a second owner is refused before it opens
// anything. The lock file holds the owner's pid; a lock left by a dead process is taken over.
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./config";

export class DatabaseLockedError extends ConfigError {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Warden process (pid ${pid}). ` +
        `Stop it first, or point WARDEN_DATA_DIR at another directory.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "warden.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DatabaseLockedError(dataDir, pid);
      }
      // Stale lock from a process that no longer exists: remove it and retry atomically.
      fs.rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`Could not take the lock on ${dataDir}`);
}
