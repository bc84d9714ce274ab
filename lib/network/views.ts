// The shapes of a tenant's network rules as /v1 and the console see them (ADR 0036). Pure.
import { z } from "zod";
import { cidrSchema } from "./cidr";

export const NETWORK_KINDS = ["console", "api", "virtual_keys"] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

const list = z.array(cidrSchema).max(100);

export const networkRulesSchema = z.object({
  console: z
    .array(z.string())
    .describe("CIDRs from which console sign-in and console sessions are accepted; empty = anywhere"),
  api: z
    .array(z.string())
    .describe("CIDRs from which API keys, OIDC bearer tokens and SCIM tokens are accepted; empty = anywhere"),
  virtual_keys: z
    .array(z.string())
    .describe("CIDRs from which virtual keys are accepted at the gateway; empty = anywhere"),
  updated_at: z.string().describe("When the rules last changed"),
});
export type NetworkRules = z.infer<typeof networkRulesSchema>;

export const networkRulesPutSchema = z
  .object({
    console: list.describe("IPv4 / IPv6 CIDRs or addresses (at most 100); empty = no restriction"),
    api: list.describe("IPv4 / IPv6 CIDRs or addresses (at most 100); empty = no restriction"),
    virtual_keys: list.describe("IPv4 / IPv6 CIDRs or addresses (at most 100); empty = no restriction"),
    confirm_lockout: z
      .boolean()
      .optional()
      .describe("Save even though the list that applies to your own credential excludes your current address"),
  })
  .strict();
export type NetworkRulesPut = z.infer<typeof networkRulesPutSchema>;
