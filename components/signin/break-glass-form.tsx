import { inputFlowClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";

// The break-glass form (ADR 0039), server-rendered; every outcome of its action is a redirect.
type Action = (form: FormData) => Promise<unknown>;

const CODE = `${inputFlowClass} font-mono uppercase`;

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
      </label>
      {children}
    </div>
  );
}

export function BreakGlassForm({ action }: { action: Action }) {
  return (
    <form action={action as (form: FormData) => Promise<void>} className="flex flex-col gap-3">
      <Field id="bg-tenant" label="Organization">
        <input
          id="bg-tenant"
          name="tenant"
          required
          autoComplete="organization"
          placeholder="your-organization"
          className={inputFlowClass}
        />
      </Field>
      <Field id="bg-email" label="Admin e-mail">
        <input
          id="bg-email"
          name="email"
          type="email"
          required
          autoComplete="email"
          placeholder="admin@company.com"
          className={inputFlowClass}
        />
      </Field>
      <Field id="bg-code-1" label="First admin's code">
        <input
          id="bg-code-1"
          name="code_1"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-…"
          className={CODE}
        />
      </Field>
      <Field id="bg-code-2" label="Second admin's code">
        <input
          id="bg-code-2"
          name="code_2"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-…"
          className={CODE}
        />
      </Field>
      <button type="submit" className={buttonClass("primary", "md", "w-full justify-center")}>
        Sign in with break-glass
      </button>
    </form>
  );
}
