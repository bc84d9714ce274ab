// Runs a project script in a separate process, as an operator would.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export function runScript(script: string, env: Record<string, string | undefined>, args: string[] = []) {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const r = spawnSync(tsx, ["--conditions", "react-server", path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, WARDEN_DATA_DIR: undefined, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
