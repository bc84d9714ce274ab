// The local IdP's login form: plain HTML served by the IdP itself (never by Warden), so the
// browser really leaves Warden, types a password, and comes back with a code.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginPage(opts: { uid: string; clientName: string; email?: string; error?: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo IdP - Sign in</title>
<style>
 body{font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0;padding:16px;box-sizing:border-box}
 main{box-sizing:border-box}
 main{background:#fff;border:1px solid #cbd5e1;border-radius:12px;padding:28px;width:100%;max-width:340px;box-shadow:0 1px 2px #0001}
 h1{font-size:20px;margin:0 0 4px} p.sub{color:#475569;font-size:14px;margin:0 0 20px}
 label{display:block;font-size:14px;font-weight:600;margin:12px 0 4px} input{width:100%;box-sizing:border-box;padding:8px 10px;border:1px solid #94a3b8;border-radius:6px;font-size:15px}
 button{margin-top:20px;width:100%;padding:10px;border:0;border-radius:6px;background:#4338ca;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
 .error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:10px;border-radius:6px;font-size:14px}
 .note{color:#64748b;font-size:12px;margin-top:16px}
</style></head>
<body><main>
<h1>Demo identity provider</h1>
<p class="sub">Sign in to continue to ${esc(opts.clientName)}</p>
${error}
<form method="post" action="/interaction/${esc(opts.uid)}/login" autocomplete="off">
 <label for="email">Email</label><input id="email" name="email" type="email" required value="${esc(opts.email ?? "")}">
 <label for="password">Password</label><input id="password" name="password" type="password" required>
 <button type="submit">Sign in</button>
</form>
<p class="note">Local demo IdP for Warden. Not for production use.</p>
</main></body></html>`;
}
