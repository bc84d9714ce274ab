// The demo story, as data: Acme (a multi-team enterprise) and Globex (a small company).
// The seed and the local IdP both read this file, so every seeded person can sign in.
import type { BuiltInRole, Permission } from "@/lib/rbac/permissions";

export interface DemoUser {
  email: string;
  name: string;
  role: BuiltInRole;
  teams: string[];
  active?: boolean;
  /** The local demo IdP reports a second factor (amr ["pwd","otp"]) for this person. */
  mfa?: boolean;
}

export interface DemoTenant {
  slug: string;
  name: string;
  domains: string[];
  /** Sign-in refuses a token without a second factor (amr) when true. */
  requireMfa?: boolean;
  customers: { name: string; description: string }[];
  teams: { name: string; customer: string; description: string }[];
  users: DemoUser[];
  /** Custom roles; `teams` (names) limits the role's resource scope; `assign` lists e-mails. */
  customRoles?: { name: string; description: string; permissions: Permission[]; teams?: string[]; assign: string[] }[];
}

export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: "acme",
    name: "Acme Corporation",
    domains: ["acme.test"],
    customers: [
      { name: "Acme Retail", description: "Storefront, search and customer-service assistants" },
      { name: "Acme Health", description: "Clinical documentation pilots (HIPAA scope)" },
      { name: "Internal Platform", description: "Shared tooling for every Acme engineering team" },
    ],
    teams: [
      {
        name: "Platform Engineering",
        customer: "Internal Platform",
        description: "Owns the gateway integration and shared keys",
      },
      { name: "Data Science", customer: "Internal Platform", description: "Evaluation, fine-tuning experiments" },
      { name: "Search Relevance", customer: "Acme Retail", description: "Query rewriting and ranking with LLMs" },
      { name: "Support Automation", customer: "Acme Retail", description: "Agent-assist and ticket summarisation" },
      { name: "Clinical Notes", customer: "Acme Health", description: "Ambient documentation pilot" },
      {
        name: "Security Operations",
        customer: "Internal Platform",
        description: "Detection engineering and incident response",
      },
    ],
    users: [
      {
        email: "alice.chen@acme.test",
        name: "Alice Chen",
        role: "admin",
        teams: ["Platform Engineering", "Security Operations"],
        mfa: true,
      },
      { email: "rahul.mehta@acme.test", name: "Rahul Mehta", role: "admin", teams: ["Security Operations"] },
      { email: "bob.martinez@acme.test", name: "Bob Martinez", role: "developer", teams: ["Platform Engineering"] },
      { email: "priya.nair@acme.test", name: "Priya Nair", role: "developer", teams: ["Data Science"] },
      { email: "jonas.weber@acme.test", name: "Jonas Weber", role: "developer", teams: ["Search Relevance"] },
      { email: "mei.tanaka@acme.test", name: "Mei Tanaka", role: "developer", teams: ["Support Automation"] },
      { email: "samuel.okafor@acme.test", name: "Samuel Okafor", role: "developer", teams: ["Clinical Notes"] },
      {
        email: "lucia.romano@acme.test",
        name: "Lucia Romano",
        role: "developer",
        teams: ["Data Science", "Search Relevance"],
      },
      { email: "carol.johnson@acme.test", name: "Carol Johnson", role: "viewer", teams: ["Support Automation"] },
      { email: "david.kim@acme.test", name: "David Kim", role: "viewer", teams: ["Clinical Notes"] },
      { email: "elena.petrova@acme.test", name: "Elena Petrova", role: "viewer", teams: [] },
      { email: "frank.osei@acme.test", name: "Frank Osei", role: "viewer", teams: ["Platform Engineering"] },
      { email: "grace.liu@acme.test", name: "Grace Liu", role: "developer", teams: ["Support Automation"] },
      { email: "hannah.schmidt@acme.test", name: "Hannah Schmidt", role: "viewer", teams: ["Security Operations"] },
      {
        email: "ivan.horvat@acme.test",
        name: "Ivan Horvat",
        role: "developer",
        teams: ["Platform Engineering"],
        active: false,
      },
    ],
    customRoles: [
      {
        name: "Security Auditor",
        description: "Reads and exports the audit trail, builds compliance reports, reviews who holds which role",
        permissions: [
          "dashboards.read",
          "audit.read",
          "audit.export",
          "reports.read",
          "reports.create",
          "roles.read",
          "users.read",
        ],
        assign: ["hannah.schmidt@acme.test"],
      },
    ],
  },
  {
    slug: "globex",
    name: "Globex Ltd",
    domains: ["globex.test"],
    requireMfa: true,
    customers: [{ name: "Globex Operations", description: "Internal operations and analytics" }],
    teams: [
      { name: "Analytics", customer: "Globex Operations", description: "Reporting copilots" },
      { name: "Customer Care", customer: "Globex Operations", description: "Email triage assistant" },
    ],
    users: [
      { email: "hank.scorpio@globex.test", name: "Hank Scorpio", role: "admin", teams: ["Analytics"], mfa: true },
      { email: "nina.park@globex.test", name: "Nina Park", role: "developer", teams: ["Analytics"], mfa: true },
      { email: "omar.haddad@globex.test", name: "Omar Haddad", role: "developer", teams: ["Customer Care"] },
      { email: "zoe.adams@globex.test", name: "Zoe Adams", role: "viewer", teams: ["Customer Care"], mfa: true },
    ],
    customRoles: [
      {
        name: "Team Lead (Analytics)",
        description: "Manages the Analytics team's members, keys and usage, and nothing else",
        permissions: [
          "dashboards.read",
          "reports.read",
          "governance.read",
          "teams.read",
          "teams.write",
          "users.read",
          "usage.read",
          "virtual_keys.read",
          "virtual_keys.write",
        ],
        teams: ["Analytics"],
        assign: ["zoe.adams@globex.test"],
      },
    ],
  },
];
