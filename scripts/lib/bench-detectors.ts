// The compliance policy pass the gateway runs on each request (lib/privacy/evaluate.ts: every
// detector, then redaction), timed in-process on a 4 KB prompt. Per-call times are too small
// for the clock, so each sample times a batch of calls and divides.
import { evaluate, type EffectivePolicy } from "@/lib/privacy/evaluate";

const PROSE =
  "Our quarterly review covers the support backlog, the migration of the billing service and the new search ranking experiments. ";
const CODE =
  "```ts\nexport function total(items: { price: number; qty: number }[]) {\n  return items.reduce((s, i) => s + i.price * i.qty, 0); // ops@corp-internal.io\n}\n```\n";
const PII =
  "Contact jane.doe@acme-corp.com or +44 20 7946 0958; card 4111 1111 1111 1111; IBAN DE89 3704 0044 0532 0130 00; host 203.0.113.42. ";

function prompt(withPii: boolean): string {
  let s = "";
  while (s.length < 4096 - 400) s += PROSE;
  s += CODE + (withPii ? PII : PROSE.repeat(2));
  return s.slice(0, 4096);
}

const policy: EffectivePolicy = {
  id: "pol_bench",
  scope_type: "tenant",
  detectors: {
    email: "redact",
    phone: "redact",
    payment_card: "redact",
    iban: "redact",
    national_id: "redact",
    ip_address: "record",
  },
  allowed_regions: [],
  hipaa_mode: false,
  store_bodies: false,
};

function timeIt(text: string, samples: number, batch: number) {
  const messages = [
    { role: "system", content: "You are a helpful assistant." },
    { role: "user", content: text },
  ];
  const provider = { region: "us", hipaa_covered: false };
  for (let i = 0; i < 2000; i++) evaluate(policy, messages, provider); // warm-up (JIT)
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) evaluate(policy, messages, provider);
    per.push(Number(process.hrtime.bigint() - t0) / 1e6 / batch);
  }
  per.sort((a, b) => a - b);
  return { p50: per[Math.floor(per.length * 0.5)], p99: per[Math.min(per.length - 1, Math.floor(per.length * 0.99))] };
}

export function benchDetectors(samples = 2000, batch = 10) {
  const clean = timeIt(prompt(false), samples, batch);
  const pii = timeIt(prompt(true), samples, batch);
  const ms = (x: number) => x.toFixed(3).padStart(6);
  console.log(
    `compliance detectors on a 4 KB prompt (in-process, ${samples} samples x ${batch} calls; all 6 detectors on, redaction where found)`,
  );
  console.log(`  clean prompt           p50 ${ms(clean.p50)} ms   p99 ${ms(clean.p99)} ms`);
  console.log(`  prompt with 5 findings p50 ${ms(pii.p50)} ms   p99 ${ms(pii.p99)} ms   (includes redaction)`);
  console.log(`  target: p50 <= 0.5 ms -> ${Math.max(clean.p50, pii.p50) <= 0.5 ? "met" : "NOT met"}`);
  return { clean, pii };
}
