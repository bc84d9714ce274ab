// The declarative wrapper for console pages, on the same pipeline as route() and action():
//   export default page({ permission: "audit.read", refused }, async ({ actor, tx, searchParams }) => <... />)
// The console Actor comes from the one resolver (surface "console", the request's headers from
// lib/http/request-scope.ts); the loader runs in the tenant transaction. No session sends the
// visitor to sign in; a missing permission renders the page's own "not allowed" view, wrapped in
// <Refused> so a test can tell it from the page. The declaration stays on the component, so the
// registry and the RBAC matrix see every page.
import "server-only";
import type { ReactNode } from "react";
import { redirect, unstable_rethrow } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { resolveActor, type Surface } from "@/lib/auth/resolver";
import type { Access } from "@/lib/rbac/authorize";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { errorType, runPipeline } from "./pipeline";
import { requestIds } from "./request-context";
import { requestHeaders } from "./request-scope";

export type SearchParams = Record<string, string | string[] | undefined>;

interface PageOptions {
  /** The resolver surface (default "console"; the Platform page resolves on "platform"). */
  surface?: Surface;
  /** Open a tenant transaction around the loader (default true); false when it opens its own. */
  tenantTx?: boolean;
}

/**
 * A page that checks a permission names its own "not allowed" view (usually NoAccess from
 * components/ui): this layer renders what the page hands it and imports no components.
 */
export type PageDeclaration = PageOptions &
  (
    | { permission: Extract<Access, "authenticated" | "public">; refused?: never }
    | { permission: Exclude<Access, "authenticated" | "public">; refused: () => ReactNode }
  );

export interface PageContext {
  actor: Actor;
  /** Undefined when the declaration says tenantTx: false. */
  tx: TenantTx;
  searchParams: SearchParams;
  params: Record<string, string>;
}

export interface PageProps {
  params?: Promise<Record<string, string>>;
  searchParams?: Promise<SearchParams>;
}

export type DeclaredPage = ((props: PageProps) => Promise<ReactNode>) & { declaration: PageDeclaration };

/** Marks a refused page: renders its children unchanged. */
export function Refused({ children }: { children: ReactNode }): ReactNode {
  return children;
}

export function page(decl: PageDeclaration, loader: (ctx: PageContext) => Promise<ReactNode>): DeclaredPage {
  const declared = Boolean(decl?.permission) && decl.permission !== "public";
  const Page = async (props: PageProps): Promise<ReactNode> => {
    const h = await requestHeaders();
    const ids = requestIds(h);
    const [searchParams, params] = [(await props?.searchParams) ?? {}, (await props?.params) ?? {}];
    const out = await runPipeline(
      decl ?? { permission: "public" },
      declared,
      { resolve: () => resolveActor({ headers: h, ids, surface: decl?.surface ?? "console" }) },
      ({ actor, tx }) => loader({ actor, tx, searchParams, params }),
    );
    if (out.ok) return out.value;
    unstable_rethrow(out.error);
    const type = errorType(out.error);
    // The (console) layout says why a session stopped working; a page only needs to leave.
    if (type === "authentication_required" || type === "invalid_credentials") redirect("/signin");
    if (type === "tenant_suspended" || type === "mfa_required" || type === "ip_not_allowed")
      redirect(`/signin?error=${type}`);
    if (type === "user_not_authorized") {
      return <Refused>{decl.refused?.()}</Refused>;
    }
    throw out.error;
  };
  return (declared ? Object.assign(Page, { declaration: decl }) : Page) as DeclaredPage;
}
