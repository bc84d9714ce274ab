// The subset of oidc-provider v9 that the local demo IdP uses (the package ships no types).
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface GrantClass {
    new (init: { clientId: string; accountId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }
  interface OidcCtx {
    oidc: {
      provider: Provider;
      result?: { consent?: { grantId?: string } };
      session?: { accountId: string; grantIdFor(clientId: string): string | undefined };
      client?: { clientId: string };
    };
  }
  export type Configuration = Record<string, unknown> & {
    findAccount?: (
      ctx: OidcCtx,
      sub: string,
    ) => Promise<{ accountId: string; claims(): Promise<Record<string, unknown>> } | undefined>;
    loadExistingGrant?: (ctx: OidcCtx) => Promise<GrantInstance | undefined>;
    interactions?: { url(ctx: OidcCtx, interaction: { uid: string }): string };
  };
  export default class Provider {
    constructor(issuer: string, config: Configuration);
    Grant: GrantClass;
    Client: { prototype: object; find(id: string): Promise<{ clientName?: string } | undefined> };
    callback(): Handler;
    interactionDetails(
      req: IncomingMessage,
      res: ServerResponse,
    ): Promise<{ uid: string; params: Record<string, unknown>; prompt: { name: string } }>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      opts?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
